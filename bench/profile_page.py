"""Where one page's time goes: cProfile of a signed-in person's requests, in process.

    DATABASE_URL=postgres://.../intimacy_bench python -m bench.profile_page checkin
    DATABASE_URL=postgres://.../intimacy_bench python -m bench.profile_page dashboard
    DATABASE_URL=postgres://.../intimacy_bench python -m bench.profile_page submit

Production settings (DEBUG off) through Django's test client, for one generated person: the
mean time per request over 200 requests (and PostgreSQL's CPU time for them, when the server
runs on this machine), the SQL of one request with its time, and the
functions that took the most time over 100 profiled requests. Needs the data of
`python -m bench.generate`.
"""

import argparse
import cProfile
import os
import pstats
import time
import urllib.parse
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import bench._django  # noqa: F401  (configures Django when run as a script)
from bench.datagen import EMAIL_PREFIX
from bench.web_load import answers_form

PAGES = {
    "checkin": None,
    "submit": None,
    "dashboard": "/trends/",
    "ceiling": "/account/signed-in/",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("page", choices=PAGES)
    parser.add_argument("--person", type=int, default=7, help="which generated person (index)")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--sort", choices=["tottime", "cumulative"], default="tottime")
    parser.add_argument("--top", type=int, default=25, help="how many functions to list")
    args = parser.parse_args()
    # Production settings name static files by their hash, from collectstatic's manifest.
    call_command("collectstatic", interactive=False, verbosity=0)

    person = (get_user_model().objects.filter(email__startswith=EMAIL_PREFIX).order_by("pk"))[
        args.person
    ]
    client = Client(headers={"host": "127.0.0.1"})
    client.force_login(person)
    path = PAGES[args.page] or client.get("/checkin/").url
    if args.page == "submit":
        # The load test's POST: the same answers again (an edit), answered with a redirect.
        body = urllib.parse.urlencode(answers_form(path.strip("/").split("/")[-1], csrf_token=""))

        def request():
            response = client.post(path, body, content_type="application/x-www-form-urlencoded")
            # wrk replays the same cookies: the "saved" message never piles up in them.
            client.cookies.pop("messages", None)
            return response

        expected_status = 302
    else:

        def request():
            return client.get(path)

        expected_status = 200
    for _ in range(20):  # warm up: templates compiled, connections open
        assert request().status_code == expected_status
    database_started = _database_cpu_seconds()
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(args.requests):
        request()
    per_request = (time.perf_counter() - started) / args.requests * 1000
    cpu_per_request = (time.process_time() - cpu_started) / args.requests * 1000
    # The CPU time of this process alone (not PostgreSQL's) varies less on a shared machine.
    print(
        f"{path}: {per_request:.1f} ms per request, {cpu_per_request:.1f} ms of it this "
        f"process's CPU (mean of {args.requests})"
    )
    database_finished = _database_cpu_seconds()
    if database_started is not None and database_finished is not None:
        database_per_request = (database_finished - database_started) / args.requests * 1000
        print(f"PostgreSQL's CPU for this connection: {database_per_request:.2f} ms per request")

    with CaptureQueriesContext(connection) as queries:
        request()
    print(f"{len(queries)} queries:")
    for query in queries.captured_queries:
        print(f"  {float(query['time']) * 1000:5.1f} ms  {query['sql'][:110]}")

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(100):
        request()
    profile.disable()
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)


def _database_cpu_seconds() -> float | None:
    """CPU time used so far by the PostgreSQL process serving this connection, when the
    server runs on this machine (its /proc entry is readable); otherwise None."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # utime and stime, the 14th and 15th fields of the line (after the name in parentheses).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()
