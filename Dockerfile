# One image for the web, worker and beat processes (docker-compose.yml picks the command).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VAR_DIR=/app/var

WORKDIR /app

# Pango (with HarfBuzz and fontconfig) and one font family, for WeasyPrint's summary PDFs;
# gettext's msgfmt, to compile the translation catalogues below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml constraints.txt README.md ./
RUN pip install -c constraints.txt .

COPY . .

# Hashed, compressed static files for WhiteNoise. The key only lets settings load during the
# build; the running containers take theirs from the environment.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    NOTE_ENCRYPTION_KEYS="$(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
    DEBUG=False ALLOWED_HOSTS=build.invalid EMAIL_URL=consolemail:// \
    python manage.py collectstatic --noinput \
    && python manage.py compilemessages --ignore .venv \
    && useradd --system --uid 10001 --home-dir /app app \
    && mkdir -p /app/var && chown app /app/var

USER app
EXPOSE 8000

# No access log: request paths carry one-time tokens (invitation, email confirmation, password
# reset) that must not sit in logs. Errors still go to stderr through Django's logging.
CMD ["gunicorn", "intimacy.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--no-control-socket"]
