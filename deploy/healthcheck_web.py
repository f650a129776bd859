"""Compose health check for the web container: GET /healthz/ as the public host would.

Uses the first ALLOWED_HOSTS entry as Host (Django refuses others) and claims HTTPS, as the TLS
proxy in front would, so that the HTTPS redirect does not answer instead of the app.
"""

import os
import sys
import urllib.request

host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip()
port = os.environ.get("PORT", "8000")
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/healthz/", headers={"Host": host, "X-Forwarded-Proto": "https"}
)
try:
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (fixed local URL)
        sys.exit(0 if response.status == 200 else 1)
except Exception as error:
    print(error, file=sys.stderr)
    sys.exit(1)
