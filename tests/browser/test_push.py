"""Turning notifications on through the page, in Chromium: the button asks the browser, the
service worker subscribes, the page hands the subscription to the server, and the next reminder
reaches that subscription through our own push service (tests/push_service.py).

Headless Chromium has no push service to subscribe with on this machine, so the browser's
PushManager.subscribe answers with a subscription of our push service's instead; everything
before it (the button, the permission, the worker) and after it (the page's request, the
server's send) is the real thing."""

import base64
import json
from datetime import timedelta

import pytest
from django.conf import settings
from playwright.sync_api import Browser, expect

from accounts.models import PushDevice
from content.services import library_load
from reminders.tasks import sweep
from tests.browser.helpers import assert_accessible, log_in
from tests.checkins.helpers import open_round
from tests.factories import DEFAULT_PASSWORD, UserFactory, link_partners
from tests.push_service import PushService

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAKE_SUBSCRIBE = """
(subscription) => {
  PushManager.prototype.subscribe = async function (options) {
    if (!options || !options.userVisibleOnly || !options.applicationServerKey) {
      throw new Error("subscribe called without a visible-only promise and the site's key");
    }
    // Kept across the page's reload after it is done.
    sessionStorage.setItem(
      "subscribedWithKey", JSON.stringify(Array.from(new Uint8Array(options.applicationServerKey)))
    );
    return {toJSON: () => subscription};
  };
}
"""


def test_a_person_turns_notifications_on_and_the_next_reminder_reaches_the_device(
    browser: Browser, live_server
):
    library_load()
    alex, sam = UserFactory(email="alex@example.com"), UserFactory()
    link_partners(alex, sam)
    service = PushService(public_key=settings.VAPID_PUBLIC_KEY, subject=settings.VAPID_SUBJECT)
    subscriber = service.subscriber("alex-phone")
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, permissions=["notifications"]
    )
    context.add_init_script(f"({FAKE_SUBSCRIBE})({json.dumps(subscriber.as_json())})")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in(page, live_server.url, "alex@example.com", DEFAULT_PASSWORD)
        page.goto(f"{live_server.url}/profile/notifications/")
        assert_accessible(page)
        page.get_by_role("button", name="Turn on notifications on this device").click()
        expect(page.get_by_text("Since", exact=False).first).to_be_visible()

        device = PushDevice.objects.get(person=alex)
        assert device.endpoint == subscriber.endpoint
        # The key the page subscribed with is the site's public key.
        sent_key = bytes(json.loads(page.evaluate("sessionStorage.getItem('subscribedWithKey')")))
        assert sent_key == _raw(settings.VAPID_PUBLIC_KEY)

        open_round(alex, opened=timedelta(minutes=5))
        sweep()
    finally:
        context.close()
        service.close()

    assert service.refused == []
    assert [(r.subscriber, r.message["body"]) for r in service.received] == [
        ("alex-phone", "A check-in is ready")
    ]


def _raw(base64url: str) -> bytes:
    return base64.urlsafe_b64decode(base64url + "=" * (-len(base64url) % 4))
