"""Web load test: gunicorn with DEBUG off, wrk with 16 connections, many signed-in people.

    DATABASE_URL=postgres://.../intimacy_bench python -m bench.web_load --people 100 --duration 30

Starts gunicorn, logs in `--people` generated people through the real log-in form, then runs
wrk once per page, one after the other in the same run: the check-in page (the open round),
the check-in submit (a POST of four answers, which saves them and queues a trend update), the
dashboard (our trends, 12 weeks) and the evening (each person's peak-hour visit: the check-in
page, the submit, the page again after saving, the dashboard), each right after a run of the
ceiling (a signed-in page that does nothing else). Prints requests/s, p50/p95/p99 latency and
each page's throughput as a share of the ceiling's measured just before it: on a machine whose
speed drifts during a run, a page is compared with the same minutes. For the evening, also the
couples whose whole evening fits in an hour at that rate.
Every page is rendered in full. Code from before the private page cache was removed still has
it: run that with PRIVATE_PAGE_CACHE_SECONDS=0 (which the code of today ignores) to compare.
Needs `wrk` (apt-get install wrk) and the data of `python -m bench.generate`.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from http.cookiejar import CookieJar
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

import bench._django  # noqa: F401  (configures Django when run as a script)
from bench.datagen import EMAIL_PREFIX
from checkins.models import Round

PROJECT_DIR = Path(__file__).resolve().parent.parent
LUA_SCRIPT = Path(__file__).resolve().parent / "wrk_users.lua"
SCENARIOS = ("ceiling", "checkin_page", "checkin_submit", "dashboard", "evening")
# One person's evening at the peak hour, as requests of the single-page scenarios: the check-in
# page, the submit, the page again (the answers just saved), then the dashboard.
EVENING_STEPS = ("checkin_page", "checkin_submit", "checkin_page", "dashboard")
REQUESTS_PER_EVENING_COUPLE = 2 * len(EVENING_STEPS)  # both partners

SESSIONS_FILE = PROJECT_DIR / "var" / "bench-sessions.json"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class SignedIn:
    """One person logged in through the log-in form, with what their requests need."""

    email: str
    cookie: str
    csrf_token: str
    round_code: str
    submit_body: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _open(opener, url: str, data: dict | None = None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        return opener.open(urllib.request.Request(url, data=body), timeout=30)
    except urllib.error.HTTPError as response:  # a redirect, not followed
        return response


# The log-in page takes 30 log-ins a minute from one address (allauth's "login" limit), and
# every benchmark client is 127.0.0.1: a first run waits for the limit rather than fail.
RATE_LIMITED_RETRY_SECONDS = 5
RATE_LIMITED_RETRIES = 60


def log_in(base_url: str, email: str, password: str) -> SignedIn:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    for _ in range(RATE_LIMITED_RETRIES):
        page = _open(opener, f"{base_url}/accounts/login/").read().decode()
        token = CSRF_FIELD.search(page).group(1)
        response = _open(
            opener,
            f"{base_url}/accounts/login/",
            {"login": email, "password": password, "csrfmiddlewaretoken": token},
        )
        if response.status != 429:
            break
        time.sleep(RATE_LIMITED_RETRY_SECONDS)
    cookies = {cookie.name: cookie.value for cookie in jar}
    if response.status != 302 or settings.SESSION_COOKIE_NAME not in cookies:
        raise RuntimeError(f"log-in failed for {email}: HTTP {response.status}")
    current = _open(opener, f"{base_url}/checkin/")
    match = re.fullmatch(r".*/checkin/([^/]+)/", current.headers.get("Location", ""))
    if not match:
        raise RuntimeError(f"{email} has no open check-in (run bench.generate today)")
    code = match.group(1)
    # Then the page itself, as a browser would: it shows the "signed in" message, and its
    # response clears the messages cookie. Replayed with every request, that cookie would have
    # every page render a message it had already shown.
    _open(opener, f"{base_url}/checkin/{code}/").read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    csrf = cookies[settings.CSRF_COOKIE_NAME]
    return SignedIn(
        email=email,
        cookie="; ".join(f"{name}={value}" for name, value in cookies.items()),
        csrf_token=csrf,
        round_code=code,
        submit_body=urllib.parse.urlencode(answers_form(code, csrf)),
    )


def answers_form(code: str, csrf_token: str) -> dict[str, str]:
    """The check-in form as a person fills it: a score per question, sharing as suggested."""
    round_ = Round.objects.get(code=code)
    rng = random.Random(code)
    data = {"csrfmiddlewaretoken": csrf_token}
    for round_prompt in round_.round_prompts.select_related("dimension", "prompt"):
        slug = round_prompt.dimension.slug
        key = f"{slug}-pulse" if round_prompt.is_pulse else slug
        data[f"{key}-prompt"] = str(round_prompt.prompt_id)
        data[f"{key}-score"] = str(rng.randint(1, 5))
        if not round_prompt.is_pulse:
            data[f"{key}-note"] = ""
        if round_prompt.prompt.shared_by_default:
            data[f"{key}-shared"] = "on"
    return data


def _request_line(person: SignedIn, page: str) -> str:
    if page == "ceiling":
        return f"GET\t/account/signed-in/\t{person.cookie}\t"
    if page == "checkin_page":
        return f"GET\t/checkin/{person.round_code}/\t{person.cookie}\t"
    if page == "checkin_submit":
        return f"POST\t/checkin/{person.round_code}/\t{person.cookie}\t{person.submit_body}"
    if page == "dashboard":
        return f"GET\t/trends/\t{person.cookie}\t"
    raise ValueError(f"unknown page: {page}")


def evening_blocks(people: list[SignedIn], connections: int) -> list[list[SignedIn]]:
    """The people in consecutive blocks of at least twice `connections` each (all of them in
    one when there are fewer), sizes as even as possible: see request_lines."""
    count = max(1, len(people) // (2 * connections))
    size, larger = divmod(len(people), count)
    blocks, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < larger else 0)
        blocks.append(people[start:end])
        start = end
    return blocks


def request_lines(people: list[SignedIn], scenario: str, *, connections: int = 16) -> list[str]:
    """The lines wrk_users.lua reads: method, path, cookie header and body, tab-separated. One
    per person, or for the evening four per person, their steps in order."""
    if scenario != "evening":
        return [_request_line(person, scenario) for person in people]
    # A person's evening is sequential: each step waits for the one before. wrk sends the next
    # line on whichever connection is free, up to `connections` lines at once, so a person's
    # steps must be further apart than that: block by block, every step 1 of the block, then
    # every step 2, ... A person's steps are then a block (>= 2 x connections lines) apart,
    # also from their last step to their first when wrk starts the file again. wrk_users.lua
    # splits the people between the threads, which keeps that ratio: a thread with half the
    # connections gets about half of each block.
    return [
        _request_line(person, step)
        for block in evening_blocks(people, connections)
        for step in EVENING_STEPS
        for person in block
    ]


def run_wrk(
    base_url: str, lines: list[str], *, connections: int, threads: int, duration: int
) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as requests_file:
        requests_file.write("\n".join(lines) + "\n")
    try:
        output = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout=10s",
                "-s",
                str(LUA_SCRIPT),
                base_url,
                "--",
                requests_file.name,
                str(threads),  # the script gives each thread its own people
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        os.unlink(requests_file.name)
    return json.loads(output.strip().splitlines()[-1])


@contextmanager
def gunicorn(port: int, workers: int) -> Iterator[str]:
    """gunicorn serving this project with the benchmark settings (DEBUG off), on localhost."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=PROJECT_DIR,
        check=True,
    )
    log = (PROJECT_DIR / "var" / "bench-gunicorn.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "intimacy.wsgi",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--no-control-socket",
            "--log-level=warning",
        ],
        cwd=PROJECT_DIR,
        env=os.environ,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base_url}/healthz/", timeout=2)
                break
            except OSError as error:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "gunicorn did not start; see var/bench-gunicorn.log"
                    ) from error
                time.sleep(0.2)
        yield base_url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def _saved_sessions(emails: list[str], base_url: str) -> list[SignedIn] | None:
    """The sessions of an earlier run for the same people, if every one still works: logging
    in a hundred people takes minutes (the log-in limit, then Argon2)."""
    if not SESSIONS_FILE.exists():
        return None
    people = [SignedIn(**saved) for saved in json.loads(SESSIONS_FILE.read_text())]
    if [person.email for person in people] != emails:
        return None
    for person in people:
        request = urllib.request.Request(
            f"{base_url}/checkin/{person.round_code}/", headers={"Cookie": person.cookie}
        )
        opener = urllib.request.build_opener(_NoRedirect)
        if _open_request(opener, request).status != 200:
            return None
    return people


def _open_request(opener, request):
    try:
        return opener.open(request, timeout=30)
    except urllib.error.HTTPError as response:
        return response


def bench_people(count: int) -> list[str]:
    """Both partners of the first count/2 generated couples (the dashboard shows both)."""
    emails = (
        get_user_model()
        .objects.filter(email__startswith=EMAIL_PREFIX, couple_memberships__is_active=True)
        .order_by("couple_memberships__couple_id", "pk")
        .values_list("email", flat=True)[:count]
    )
    return list(emails)


def run_order(scenarios: list[str]) -> list[str]:
    """The wrk runs to make: each page right after a run of the ceiling, when the ceiling is
    among the scenarios."""
    pages = [scenario for scenario in scenarios if scenario != "ceiling"]
    if "ceiling" not in scenarios:
        return pages
    return [run for page in pages for run in ("ceiling", page)] or ["ceiling"]


def with_ceiling_shares(runs: list[dict]) -> list[dict]:
    """Each run with `share_of_ceiling`: its requests/s over those of the ceiling run just
    before it (1 for the ceiling itself, None with no ceiling before it)."""
    ceiling_rps = None
    for run in runs:
        if run["scenario"] == "ceiling":
            ceiling_rps = run["rps"]
        run["share_of_ceiling"] = run["rps"] / ceiling_rps if ceiling_rps else None
    return runs


def couples_per_peak_hour(rps: float) -> float:
    """Couples whose whole evening (both partners, every step) this many requests/s serve in an
    hour: the peak hour's capacity, when every couple checks in during the same one."""
    return rps * 3600 / REQUESTS_PER_EVENING_COUPLE


def with_evening_capacity(runs: list[dict]) -> list[dict]:
    """Each evening run with `couples_per_peak_hour`, from its requests/s."""
    for run in runs:
        if run["scenario"] == "evening":
            run["couples_per_peak_hour"] = round(couples_per_peak_hour(run["rps"]))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--duration", type=int, default=30, help="seconds per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--gunicorn-workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--log-in-again", action="store_true", help="do not reuse the sessions of an earlier run"
    )
    parser.add_argument("--scenarios", nargs="+", default=list(SCENARIOS), choices=SCENARIOS)
    args = parser.parse_args()
    if "evening" in args.scenarios and args.people < 2 * args.connections:
        # Fewer people than that and wrk sends some person's next step before the last one
        # has been answered (see request_lines).
        parser.error("the evening needs --people of at least twice --connections")
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    emails = bench_people(args.people)
    if len(emails) < args.people:
        sys.exit(f"only {len(emails)} generated people: run python -m bench.generate first")
    with gunicorn(args.port, args.gunicorn_workers) as base_url:
        started = time.perf_counter()
        people = None if args.log_in_again else _saved_sessions(emails, base_url)
        if people is None:
            # Each log-in checks an Argon2 hash (deliberately slow): one at a time per worker.
            with ThreadPoolExecutor(max_workers=args.gunicorn_workers) as pool:
                people = list(
                    pool.map(
                        lambda email: log_in(base_url, email, os.environ["BENCH_PASSWORD"]),
                        emails,
                    )
                )
            SESSIONS_FILE.write_text(json.dumps([asdict(person) for person in people]))
            SESSIONS_FILE.chmod(0o600)
            print(f"logged in people={len(people)} seconds={time.perf_counter() - started:.1f}")
        else:
            print(f"reused the sessions of people={len(people)} ({SESSIONS_FILE.name})")
        runs = []
        for scenario in run_order(args.scenarios):
            result = run_wrk(
                base_url,
                request_lines(people, scenario, connections=args.connections),
                connections=args.connections,
                threads=args.threads,
                duration=args.duration,
            )
            runs.append({"scenario": scenario, **result})
    for run in with_evening_capacity(with_ceiling_shares(runs)):
        share = f"{run['share_of_ceiling']:.0%}" if run["share_of_ceiling"] is not None else "-"
        capacity = (
            f" couples_per_peak_hour={run['couples_per_peak_hour']}"
            if "couples_per_peak_hour" in run
            else ""
        )
        print(
            f"{run['scenario']:15} rps={run['rps']:7.1f} p50={run['p50_ms']:6.1f}ms "
            f"p95={run['p95_ms']:6.1f}ms p99={run['p99_ms']:6.1f}ms "
            f"of_ceiling={share:>4} requests={run['requests']} errors={run['errors']}{capacity}",
            flush=True,
        )
    print("json:", json.dumps(runs))


if __name__ == "__main__":
    main()
