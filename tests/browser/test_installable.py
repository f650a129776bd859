"""The installable app in Chromium (issue 22). The service worker stores the offline page and
the static files it uses, and nothing else: never a page someone signed in sees, an answer or a
note. With the network gone, a page shows the offline page. And the site meets Chromium's own
installability checks (Lighthouse's "installable" audit asks the same browser; no Lighthouse
runs here)."""

import json
import re
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from content.services import library_load
from tests.browser.helpers import SCREENSHOTS, assert_accessible, log_in
from tests.browser.test_checkin import answer
from tests.checkins.helpers import open_round
from tests.factories import DEFAULT_PASSWORD, UserFactory, link_partners

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True}
PRIVATE_NOTE = "kept to myself 3c9e"

# The active worker's script, once one is active for this page.
WORKER_READY = """async () => {
  const registration = await navigator.serviceWorker.ready;
  return registration.active.scriptURL;
}"""
# Every response in every cache of this origin, with its body.
CACHED = """async () => {
  const found = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      found.push({cache: name, url: request.url, body: await response.text()});
    }
  }
  return found;
}"""
# The notifications the worker shows now.
SHOWN_NOTIFICATIONS = """async () => {
  const registration = await navigator.serviceWorker.ready;
  return (await registration.getNotifications())
    .map(n => ({title: n.title, body: n.body, data: n.data}));
}"""


def wait_for_worker(page: Page, base_url: str) -> None:
    """Until the worker is active and answers for this page (it claims open pages)."""
    assert page.evaluate(WORKER_READY) == f"{base_url}/sw.js"
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def signed_in_context(browser: Browser, base_url: str, email: str) -> BrowserContext:
    """A phone signed in through the log-in form, whose first page with a worker is a signed-in
    one: the worker installs, and stores what it stores, while a session exists."""
    without_worker = browser.new_context(service_workers="block")
    page = without_worker.new_page()
    log_in(page, base_url, email, DEFAULT_PASSWORD)
    expect(page.get_by_role("link", name="Quick exit")).to_be_visible()
    state = without_worker.storage_state()
    without_worker.close()
    return browser.new_context(**PHONE, storage_state=state)


def test_the_worker_stores_static_files_and_the_offline_page_never_a_signed_in_page(
    browser: Browser, live_server
):
    library_load()
    alex = UserFactory(email="alex@example.com")
    link_partners(alex, UserFactory(email="sam@example.com"))
    round_ = open_round(alex, opened=timedelta(hours=1))
    context = signed_in_context(browser, live_server.url, alex.email)
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Quick exit")).to_be_visible()
    wait_for_worker(page, live_server.url)
    # The signed-in pages, with the worker in charge: the check-in with a private note (a form
    # sent through it), the reveal, history, trends, the partner and the account's data.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Check in").click()
    expect(page).to_have_url(f"{live_server.url}/checkin/{round_.code}/")
    answer(page, score="4", note=PRIVATE_NOTE, share_desire_note=False)
    page.reload()
    expect(page.get_by_text(PRIVATE_NOTE).first).to_be_attached()
    for path in ("/checkin/history/", "/trends/", "/trends/mine/", "/partner/", "/account/data/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.ok, path
        assert response.from_service_worker, f"{path} did not go through the worker"
        assert "no-store" in response.headers["cache-control"], path

    cached = page.evaluate(CACHED)

    urls = {entry["url"].removeprefix(live_server.url) for entry in cached}
    assert "/offline/" in urls and "/static/css/site.css" in urls, urls
    for url in urls:
        assert url.startswith("/static/") or url == "/offline/", f"the worker stored {url}"
    for entry in cached:
        for secret in (PRIVATE_NOTE, alex.email, "sam@example.com", round_.code):
            assert secret not in entry["body"], f"{entry['url']} holds {secret!r}"
    offline = next(entry["body"] for entry in cached if entry["url"].endswith("/offline/"))
    # The copy a signed-out visitor gets: no Quick exit, no log-out form, no token.
    assert "You are offline" in offline
    assert "Quick exit" not in offline and "csrfmiddlewaretoken" not in offline
    context.close()


def test_with_the_network_gone_a_page_shows_the_offline_page(browser: Browser, live_server):
    person = UserFactory()
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, person.email, DEFAULT_PASSWORD)
    expect(page.get_by_role("link", name="Quick exit")).to_be_visible()
    wait_for_worker(page, live_server.url)

    context.set_offline(True)
    page.goto(f"{live_server.url}/checkin/history/")

    # Under the address asked for, in the site's own styles (kept by the worker).
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    expect(page.get_by_text("Your check-in will be here when you are back online.")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/checkin/history/")
    expect(page.locator("body")).to_have_css("background-color", "rgb(250, 247, 242)")
    # Nothing that would suggest a log-out, or lead nowhere.
    expect(page.get_by_role("link", name="Log in")).to_have_count(0)
    assert_accessible(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "offline-page.png", full_page=True)

    context.set_offline(False)
    page.get_by_role("link", name="Try again").click()
    expect(page.get_by_role("heading", name="You are offline")).to_have_count(0)
    expect(page.get_by_role("link", name="Quick exit")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/checkin/history/")
    context.close()


def test_the_site_meets_chromiums_installability_criteria(page: Page, live_server):
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/")
    wait_for_worker(page, live_server.url)
    page.reload()  # a page the worker answered from the start

    # The manifest is linked from the page, fetched and read by the browser without error.
    cdp = page.context.new_cdp_session(page)
    found = cdp.send("Page.getAppManifest")
    assert found["url"] == f"{live_server.url}/manifest.webmanifest"
    assert found["errors"] == [], found["errors"]
    manifest = page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"
    )
    assert manifest["name"] == manifest["short_name"] == "Check-in"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        loaded = page.evaluate(
            "src => fetch(src).then(r => [r.status, r.headers.get('content-type')])", icon["src"]
        )
        assert loaded == [200, "image/png"], icon["src"]
    # A worker whose fetch handler answered this very page.
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")
    assert page.evaluate("performance.getEntriesByType('navigation')[0].workerStart") > 0
    # Chromium's own verdict, as its install prompt decides. A context Playwright opens is
    # an incognito one, where Chromium never offers to install: that reason alone is expected.
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [error["errorId"] for error in errors if error["errorId"] != "in-incognito"] == []


def test_downloads_and_quick_exit_still_work_with_the_worker_in_charge(
    page: Page, live_server, settings
):
    settings.QUICK_EXIT_URL = f"{live_server.url}/privacy/"
    UserFactory(email="robin@example.com")
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, "robin@example.com", DEFAULT_PASSWORD)
    wait_for_worker(page, live_server.url)
    page.goto(f"{live_server.url}/account/data/")

    # The password again (a form the worker leaves alone), then the file by a redirect.
    page.get_by_role("link", name="My answers as a spreadsheet (CSV)").click()
    with page.expect_download() as download:
        page.get_by_label("Password:").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    assert download.value.suggested_filename.startswith("check-in-answers-")
    page.goto(f"{live_server.url}/profile/")
    page.get_by_role("link", name="Quick exit").click()

    expect(page).to_have_url(f"{live_server.url}/privacy/")
    page.wait_for_timeout(300)  # the log-out beacon, which the worker leaves alone
    page.goto(f"{live_server.url}/profile/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/profile/$"))


def test_a_push_shows_the_sites_name_and_its_bland_line(browser: Browser, live_server):
    context = browser.new_context(permissions=["notifications"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/")
    wait_for_worker(page, live_server.url)
    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    scope = f"{live_server.url}/"
    for _ in range(150):  # a busy machine takes seconds, not the usual tenth
        if any(r["scopeURL"] == scope for r in registrations):
            break
        page.wait_for_timeout(100)
    registration = next(r for r in registrations if r["scopeURL"] == scope)

    # What reminders.push sends: the site's name, the person's chosen line, where a tap leads.
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registration["registrationId"],
            "data": json.dumps(
                {"title": "Check-in", "body": "A check-in is ready", "url": "/checkin/"}
            ),
        },
    )
    shown = []
    for _ in range(150):
        shown = page.evaluate(SHOWN_NOTIFICATIONS)
        if shown:
            break
        page.wait_for_timeout(100)

    assert shown == [
        {"title": "Check-in", "body": "A check-in is ready", "data": {"url": "/checkin/"}}
    ]
    context.close()
