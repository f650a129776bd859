"""The one settings module. Everything that differs between machines comes from the environment.

A fresh clone runs with no environment at all (SQLite, an embedded Celery broker, mail on the
console) as long as DEBUG is on; production (DEBUG off) refuses to start without a real
SECRET_KEY and ALLOWED_HOSTS. Every variable is listed, with its default, in README.md.
"""

import base64
import os
import tempfile
from collections.abc import Callable
from email.utils import parseaddr
from pathlib import Path

import environ
from celery.schedules import crontab
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent
# Runtime files of a development machine: the SQLite database, the embedded broker, beat's state.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)

# A key that is only ever good for development; production refuses it below.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105


def _read_secret_key() -> str:
    # SECRET_KEY_FILE lets Docker or systemd secrets provide the key without an env variable.
    key_file = env.str("SECRET_KEY_FILE", default="")
    if key_file:
        return Path(key_file).read_text().strip()
    return env.str("SECRET_KEY", default="")


SECRET_KEY = _read_secret_key()
if not SECRET_KEY and DEBUG:
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
if not DEBUG and (
    not SECRET_KEY
    or SECRET_KEY == DEVELOPMENT_SECRET_KEY
    or SECRET_KEY.startswith("django-insecure")
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value when DEBUG is off. Generate one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name this site's host(s) when DEBUG is off.")


def _development_key(name: str, make: Callable[[], str]) -> str:
    """A development key kept in VAR_DIR, made by the first process that needs it.

    `make run` starts the web, a worker and beat together, and each must read the same key (a
    note encrypted by one is read by another). The key is written, readable by its owner only,
    under a temporary name and linked into place: a process that finds the name taken reads the
    key that got there first, never a half-written file.
    """
    path = VAR_DIR / name
    if not path.exists():
        descriptor, temporary = tempfile.mkstemp(dir=VAR_DIR, prefix=f".{name}.")
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(make())
                file.flush()
                os.fsync(file.fileno())  # a crash must not leave an empty key in place
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return path.read_text().strip()


def _note_encryption_keys() -> list[str]:
    """Fernet keys for notes, newest first. Development gets a key file made on first run."""
    keys = env.list("NOTE_ENCRYPTION_KEYS", default=[])
    if not keys and DEBUG:
        keys = [_development_key("note-encryption-key", lambda: Fernet.generate_key().decode())]
    if not keys:
        raise ImproperlyConfigured(
            "NOTE_ENCRYPTION_KEYS must be set when DEBUG is off. Generate a key with: python -c "
            "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
        )
    for key in keys:
        try:
            Fernet(key)
        except ValueError as error:
            raise ImproperlyConfigured(
                "NOTE_ENCRYPTION_KEYS holds a value that is not a Fernet key."
            ) from error
    return keys


NOTE_ENCRYPTION_KEYS = _note_encryption_keys()

# The public address of the site, for links in emails sent by background jobs (no request there).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Deliberately bland: it shows in browser tabs, history and email senders on a shared phone.
SITE_NAME = env.str("SITE_NAME", default="Check-in")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])
# Where the quick-exit button goes: somewhere ordinary to be seen looking at.
QUICK_EXIT_URL = env.str("QUICK_EXIT_URL", default="https://www.wikipedia.org/")

INSTALLED_APPS = [
    # Before the admin, so that its admin classes and widgets take over (content library).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # allauth's sessions page uses its template filters.
    "django.contrib.humanize",
    # Before staticfiles so that runserver serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "accounts",
    "security",
    "couples",
    "privacy",
    "pages",
    "health",
    "checkins",
    "reminders",
    "calendars",
    "trends",
    "summaries",
    "talks",
    "content",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "intimacy.middleware.RejectNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # allauth's session tracking, written at most once a minute per session.
    "accounts.middleware.ThrottledUserSessionsMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.TimeZoneMiddleware",
    "accounts.middleware.LanguageMiddleware",
    "accounts.middleware.PrivatePagesMiddleware",
    "accounts.middleware.ClearSiteDataOnLogoutMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "intimacy.urls"
WSGI_APPLICATION = "intimacy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pages.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let the web process, the worker and beat share one file
    # without "database is locked" errors.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    # A new PostgreSQL connection per request costs several times a simple view (ENVIRONMENT.md).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery's broker and the cache (rate limits live there) --------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Answers from process memory while Redis is down or frozen (intimacy.redis_cache).
            "BACKEND": "intimacy.redis_cache.OutageTolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "intimacy",
            # A Redis beside the app answers in a millisecond; waiting longer only delays a page.
            "OPTIONS": {
                "socket_connect_timeout": env.float("CACHE_SOCKET_TIMEOUT", default=0.5),
                "socket_timeout": env.float("CACHE_SOCKET_TIMEOUT", default=0.5),
            },
            "RETRY_AFTER": env.float("CACHE_RETRY_AFTER", default=5.0),
        }
    }
else:
    # One process serves the development site, so a per-process cache still rate-limits it.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# --- Celery ---------------------------------------------------------------------------------
# Without Redis, kombu's SQLAlchemy transport keeps the queue in a SQLite file: a real worker
# and beat still run, with no server to install.
CELERY_BROKER_URL = env.str(
    "CELERY_BROKER_URL",
    default=REDIS_URL or f"sqla+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}",
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Fail fast when Redis is down or frozen: a check-in must not wait on the broker (see
# enqueue_on_commit); kombu would otherwise retry the connection for about 6 s per publish, and
# a frozen server would hold a publish until the socket timeout. Workers reconnect on their own
# terms (CELERY_BROKER_CONNECTION_RETRY*); their BRPOP is not bound by socket_timeout.
# A task taken by a worker that then dies comes back after visibility_timeout (docs/scaling.md):
# longer than any task may run (CELERY_TASK_TIME_LIMIT), short enough to be minutes, not hours.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=300)
REDIS_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 1,
    "max_retries": 0,
    "interval_start": 0,
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # How often a worker looks for such tasks: every restore interval (the throttle is 1).
    "unacked_restore_interval": env.int(
        "CELERY_UNACKED_RESTORE_INTERVAL", default=max(1, CELERY_VISIBILITY_TIMEOUT // 10)
    ),
    "unacked_restore_throttle": 1,
}
if CELERY_BROKER_URL.startswith("redis"):
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_TRANSPORT_OPTIONS
# Tasks that opt into acks_late are acknowledged when they end; a pool process killed in the
# middle hands its task back rather than acknowledging it (every such task is idempotent).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One task at a time per process: a task reserved by a busy process would wait, unacknowledged,
# while an idle process could run it.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
# Tasks record what they did in the database; nobody waits on a Celery result.
CELERY_TASK_IGNORE_RESULT = True
# One queue for everything; configurable so that tests (or a second deployment sharing a Redis)
# keep their tasks apart.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
# Reminder emails can have a queue of their own (CELERY_MAIL_QUEUE, consumed by workers started
# with -Q), so that a burst of sends never delays the sweeps; by default they share the one above.
CELERY_MAIL_QUEUE = env.str("CELERY_MAIL_QUEUE", default=CELERY_TASK_DEFAULT_QUEUE)
CELERY_TASK_ROUTES = {
    "reminders.tasks.send": {"queue": CELERY_MAIL_QUEUE},
    "reminders.tasks.send_batch": {"queue": CELERY_MAIL_QUEUE},
}
CELERY_RESULT_BACKEND = None
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_TIMEZONE = "UTC"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
HEARTBEAT_INTERVAL = env.float("HEARTBEAT_INTERVAL", default=60.0)
# The schedule lives here, in code, where review sees it. Beat only enqueues short tasks.
CELERY_BEAT_SCHEDULE = {
    "record-heartbeat": {
        "task": "health.tasks.record_heartbeat",
        "schedule": HEARTBEAT_INTERVAL,
        # A heartbeat that waited longer than one interval in the queue tells nothing.
        "options": {"expires": HEARTBEAT_INTERVAL},
    },
    # Due times live in the database; these sweeps find what is due and queue short tasks.
    "sweep-reminders": {
        "task": "reminders.tasks.sweep",
        "schedule": env.float("REMINDER_SWEEP_INTERVAL", default=30.0),
        "options": {"expires": 25},
    },
    "sweep-rounds": {
        "task": "checkins.tasks.sweep_rounds",
        "schedule": 300.0,
        "options": {"expires": 290},
    },
    # What the privacy statement promises to keep only for a while: expired sessions, old
    # security events, partners' addresses in finished invitations.
    "apply-retention": {
        "task": "privacy.tasks.apply_retention",
        "schedule": crontab(hour=4, minute=10),
    },
    # Weeks whose trend update could not be queued after a submit (the broker was down).
    "update-pending-trend-weeks": {
        "task": "trends.tasks.update_pending_weeks",
        "schedule": env.float("PENDING_TRENDS_SWEEP_INTERVAL", default=60.0),
        "options": {"expires": 55},
    },
    "rebuild-trends": {
        "task": "trends.tasks.rebuild_all",
        "schedule": crontab(hour=3, minute=30),
    },
}

# --- Accounts: django-allauth ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ProfileModelBackend",
    "accounts.backends.AccountBackend",
    # Named in sessions begun before the two above: they stay signed in.
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
# Sign-up, log-in and password reset answer the same whether an address has an account or not:
# nobody can find out through this site whether someone uses it.
ACCOUNT_PREVENT_ENUMERATION = True
# Counted in the cache above (Redis whenever REDIS_URL is set, so every web process shares the
# counts). "ip" is the client address as TRUSTED_PROXY_COUNT below defines it.
ACCOUNT_RATE_LIMITS = {
    # The "key" of failed log-ins is the address AND the account (accounts.adapter): someone who
    # knows a person's email can slow their own guesses, never lock the person out.
    "login_failed": "10/m/ip,5/5m/key",
    # Wrong passwords when asked again while signed in, per person and session, never per
    # address (accounts.adapter): a partner on the same network cannot block an unlink.
    "reauthentication_failed": "5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key,10/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    # Ours: invitation emails a person may send (see couples.views).
    "invite_email": "5/1h/user,20/1h/ip",
    # Ours: fetches of a calendar feed, per address and per client (see calendars.views).
    # Calendar apps poll every few minutes at most; a guesser is slowed per client.
    "calendar_feed": "60/1h/key,300/1h/ip",
    # Ours: openings of a summary's share link (see summaries.views). A therapist opens it a
    # few times; a guesser is slowed per client.
    "summary_link": "30/1h/key,120/1h/ip",
    # Ours: a summary's PDF, about a second of the server's time each (see summaries.views).
    "summary_pdf": "10/5m/user",
}
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Adding, removing or switching an email address asks for the password again (two-factor changes
# always do; a password change asks for the current one). See also couples.views.unlink.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Behind N reverse proxies that each append to X-Forwarded-For, the client is the Nth address
# from the right; anything further left was written by the client and is ignored. 0 (no proxy):
# the header is ignored altogether and the socket's address counts.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "accounts.forms.SignupForm",
    "login": "accounts.forms.LoginForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
}
SIGNUP_OPEN = env.bool("SIGNUP_OPEN", default=True)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
USERSESSIONS_TRACK_ACTIVITY = True
# A log-in lasts at most this long, however active the session (accounts.middleware): a phone
# that was signed in once does not stay signed in for ever.
SESSION_LIFETIME_DAYS = env.int("SESSION_LIFETIME_DAYS", default=14)
SESSION_COOKIE_AGE = SESSION_LIFETIME_DAYS * 24 * 60 * 60
# The security log keeps this many days of events (security.tasks.prune).
SECURITY_LOG_RETENTION_DAYS = env.int("SECURITY_LOG_RETENTION_DAYS", default=90)
# A partner's address typed into an invitation, once the invitation has ended.
INVITATION_ADDRESS_RETENTION_DAYS = env.int("INVITATION_ADDRESS_RETENTION_DAYS", default=30)

# --- Email ----------------------------------------------------------------------------------
# EMAIL_URL: smtp+tls://user:password@host:587, or consolemail:// (the default) in development.
# Production must say: console mail there would print reset and invitation links into the logs.
if not DEBUG and not env.str("EMAIL_URL", default=""):
    raise ImproperlyConfigured("EMAIL_URL must be set when DEBUG is off, e.g. smtp+tls://...")
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


# --- Web push -------------------------------------------------------------------------------
def _vapid_keys() -> tuple[str, str]:
    """The VAPID key pair that signs web push requests (base64url: the private key's 32 bytes,
    the public key's uncompressed point). From the environment; development gets a pair made
    on first run. Production without them sends reminders by email only (check --deploy)."""
    private, public = (
        env.str("VAPID_PRIVATE_KEY", default=""),
        env.str("VAPID_PUBLIC_KEY", default=""),
    )
    if bool(private) != bool(public):
        raise ImproperlyConfigured("Set both VAPID_PRIVATE_KEY and VAPID_PUBLIC_KEY, or neither.")
    if private or not DEBUG:
        return private, public
    private, public = _development_key("vapid-keys", _new_vapid_key_pair).split()
    return private, public


def _new_vapid_key_pair() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    raw_private = key.private_numbers().private_value.to_bytes(32, "big")
    raw_public = key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return f"{_b64url(raw_private)}\n{_b64url(raw_public)}\n"


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY = _vapid_keys()
WEBPUSH_ENABLED = bool(VAPID_PRIVATE_KEY)
# The contact a push service may write to about this sender (the VAPID "sub" claim).
VAPID_SUBJECT = "mailto:" + parseaddr(DEFAULT_FROM_EMAIL)[1]
# A mail server that stops answering must not hold a worker (or a reminder's claim) for ever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# A reminder claimed for sending longer ago than this belongs to a worker that died: it goes
# back to the queue (reminders.services). Ten times the mail timeout, and longer than the hard
# time limit of any task, so that a slow but living send is never taken over.
REMINDER_CLAIM_TIMEOUT = env.int("REMINDER_CLAIM_TIMEOUT", default=max(10 * EMAIL_TIMEOUT, 300))
# A reminder queued longer ago than this whose task never ran (a lost message) is queued again.
REMINDER_REQUEUE_AFTER = env.int("REMINDER_REQUEUE_AFTER", default=300)
# Reminders' rounds planned per task; smaller batches spread a large sweep over more workers.
REMINDER_PLAN_BATCH = env.int("REMINDER_PLAN_BATCH", default=500)

# --- Security -------------------------------------------------------------------------------
# HTTPS_ONLY is on whenever DEBUG is off; turn it off only to try a production build on a
# plain-HTTP localhost (see README).
HTTPS_ONLY = env.bool("HTTPS_ONLY", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS_ONLY
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS_ONLY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
if env.bool("BEHIND_TLS_PROXY", default=False):
    # Only when a proxy that sets this header (and strips it from clients) sits in front.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if HTTPS_ONLY:
    # __Host- cookies are refused by browsers unless Secure, host-only and Path=/: no other
    # subdomain or plain-HTTP page can set or read them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The footer's language switch (django.views.i18n.set_language) remembers a visitor's choice in
# this cookie: only a language code, no script needs it, and it lasts as long as a log-in.
LANGUAGE_COOKIE_SECURE = HTTPS_ONLY
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = SESSION_COOKIE_AGE
# No page of this site tells another site where its visitor came from. (Not "no-referrer":
# with it, browsers send "Origin: null" on form posts and CSRF protection refuses them.)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A refused form says in plain words, in the site's layout, to reload and try again.
CSRF_FAILURE_VIEW = "pages.views.csrf_failure"

# Every script, style and image comes from this site; no inline script anywhere (page data
# travels in json_script blocks). allauth's two-factor page shows its QR code as a data: image.
# The service worker (/sw.js) and the manifest come from this site too; the worker runs under
# this same policy (it comes with its script), so it too can reach nothing but this site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# --- Internationalisation and time ----------------------------------------------------------
LANGUAGE_CODE = "en"
# A signed-in person sees their profile's language (accounts.middleware.LanguageMiddleware);
# anyone else gets the best match for their browser's Accept-Language.
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The content library's texts have a column per language (content/translation.py); a blank
# German or Spanish one shows the English rather than nothing.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# In the admin the English field keeps its plain label ("Question") and the others name their
# language ("Question (Deutsch)").
MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = lambda verbose_name, language: (  # noqa: E731
    verbose_name if language == "en" else f"{verbose_name} ({dict(LANGUAGES)[language]})"
)
# Our own date formats per language (intimacy/formats/<lang>/formats.py) over Django's.
FORMAT_MODULE_PATH = ["intimacy.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names in production (run collectstatic first); plain in development.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Logging --------------------------------------------------------------------------------
# Log lines carry ids and event names only: never answers, notes or scores.
# Error reports (the 500 email to ADMINS) show no local variables: see intimacy/debug.py.
DEFAULT_EXCEPTION_REPORTER_FILTER = "intimacy.debug.PrivateExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # SQL at DEBUG would print every answer's score (notes are only ciphertext there).
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint narrates each step of a summary's PDF at INFO; its warnings still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
