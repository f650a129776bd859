"""The whole ritual as two new people live it, on a phone (390x844) and on a desktop (1280x800):
sign up, the three first steps, a first check-in at once, invite, link, the couple's first
check-in, the reveal, history, trends, unlink. On every page: nothing fixed or sticky covers a
button, link or input (elementFromPoint at each control, scrolled to the top, middle and foot
of the screen), axe finds nothing serious or critical, and a screenshot is saved."""

import time

import pytest
from playwright.sync_api import Browser, Page, expect

from content.services import library_load
from tests.browser.helpers import (
    PASSWORD,
    SCREENSHOTS,
    assert_accessible,
    assert_no_control_covered,
    sign_up_and_confirm,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIMENSIONS = ("Connection", "Communication", "Desire", "Obligation")
# The form's eight questions (four pulse items, four reflection questions) on a phone: at most
# this many screen heights.
FORM_MAX_SCREENS = 2.2
FIRST_CHECKIN_MAX_SECONDS = 90

QUESTIONS_HEIGHT_JS = """() => {
  const themes = [...document.querySelectorAll('form.checkin-form fieldset.dimension')]
    .filter(theme => theme.querySelector('fieldset.question'));
  const top = themes[0].getBoundingClientRect().top;
  const bottom = themes[themes.length - 1].getBoundingClientRect().bottom;
  return {themes: themes.length, height: bottom - top};
}"""


def check_page(page: Page, name: str, size: str) -> None:
    """What every step of the walk asserts, and its screenshot."""
    assert_no_control_covered(page)
    assert_accessible(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=SCREENSHOTS / f"flow-{size}-{name}.png", full_page=True)


# docs/design.md shows each component as this walk finds it on a phone (`make design-shots`
# copies these into docs/design/).
COMPONENTS = SCREENSHOTS / "design"


def component_shot(page: Page, selector: str, name: str, size: str) -> None:
    if size == "phone":
        COMPONENTS.mkdir(parents=True, exist_ok=True)
        page.locator(selector).first.screenshot(path=COMPONENTS / f"{name}.png")


def answer_everything(page: Page, *, score: str, share: bool | None) -> None:
    """The same point everywhere; `share` None in a journal, which has nobody to share with."""
    for dimension in DIMENSIONS:
        theme = page.get_by_role("group", name=dimension, exact=True)
        for question in theme.locator("fieldset.question").all():
            question.get_by_label(score, exact=False).first.check()
            if share is not None:
                question.get_by_label("Partner sees this" if share else "Only you").check()


def tab(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


@pytest.mark.parametrize(
    ("size", "viewport"),
    [("phone", {"width": 390, "height": 844}), ("desktop", {"width": 1280, "height": 800})],
)
def test_two_new_people_from_sign_up_to_unlink(browser: Browser, live_server, size, viewport):
    library_load()
    SCREENSHOTS.mkdir(exist_ok=True)
    alex_context = browser.new_context(viewport=viewport)
    sam_context = browser.new_context(viewport=viewport)
    alex, sam = alex_context.new_page(), sam_context.new_page()
    for page in (alex, sam):
        page.set_default_timeout(10_000)

    # A new person alone: from opening the site to a saved check-in, with no schedule to wait for.
    started = time.monotonic()
    alex.goto(live_server.url)
    check_page(alex, "01-welcome-public", size)
    alex.get_by_role("link", name="Create an account").first.click()
    sign_up_and_confirm(alex, live_server.url, "alex@example.com", "Alex", go_to_form=False)
    alex.goto(live_server.url)
    steps = alex.locator("ol.steps > li")
    expect(steps).to_have_count(3)
    expect(steps.nth(2).get_by_role("link", name="Check in now")).to_be_visible()
    check_page(alex, "02-first-steps", size)
    component_shot(alex, ".site-header", "header-quick-exit", size)
    component_shot(alex, "ol.steps > li", "card-step", size)
    component_shot(alex, "ol.steps > li:last-child a.button", "button-primary", size)
    component_shot(alex, "ol.steps > li a.button.secondary", "button-secondary", size)
    component_shot(alex, ".main-nav", "tab-bar", size)

    steps.nth(2).get_by_role("link", name="Check in now").click()
    expect(alex.get_by_role("button", name="Save my answers")).to_be_visible()
    check_page(alex, "03-checkin-form-journal", size)
    answer_everything(alex, score="4", share=None)
    alex.get_by_role("button", name="Save my answers").click()
    expect(alex.get_by_text("Your answers are saved.")).to_be_visible()
    first_checkin_seconds = time.monotonic() - started
    print(f"{size}: a first saved check-in {first_checkin_seconds:.1f} s after opening the site")
    assert first_checkin_seconds < FIRST_CHECKIN_MAX_SECONDS, first_checkin_seconds
    check_page(alex, "04-after-saving-journal", size)

    # Invite and link.
    tab(alex, "Partner")
    alex.get_by_role("button", name="Create an invitation link").click()
    link = alex.locator("#invitation-link").inner_text()
    check_page(alex, "05-invitation-link", size)

    sam.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    expect(sam.get_by_role("link", name="Create an account").first).to_be_visible()
    check_page(sam, "06-invitation-signed-out", size)
    sam.get_by_role("link", name="Create an account").first.click()
    sign_up_and_confirm(sam, live_server.url, "sam@example.com", "Sam", go_to_form=False)
    sam.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    check_page(sam, "07-invitation-signed-in", size)
    sam.get_by_role("button", name="Accept").click()
    expect(sam.get_by_text("You are linked with Alex")).to_be_visible()
    check_page(sam, "08-partner-linked", size)

    # The couple's first check-in is open at once, for both.
    tab(sam, "Check in")
    expect(sam.get_by_role("button", name="Save my answers")).to_be_visible()
    if size == "phone":
        measured = sam.evaluate(QUESTIONS_HEIGHT_JS)
        assert measured["themes"] == 4
        screens = measured["height"] / viewport["height"]
        print(f"the eight questions: {measured['height']:.0f} px, {screens:.2f} screens")
        assert screens <= FORM_MAX_SCREENS, f"the eight questions take {screens:.2f} screens"
    check_page(sam, "09-checkin-form-couple", size)
    component_shot(sam, "fieldset.dimension", "theme-two-questions", size)
    component_shot(sam, ".scale.points", "scale-row", size)
    component_shot(sam, "fieldset.share-toggle", "share-toggle", size)
    answer_everything(sam, score="2", share=True)
    sam.get_by_role("button", name="Save my answers").click()
    expect(sam.get_by_text("Nothing shared yet.")).to_be_visible()
    check_page(sam, "10-waiting-for-partner", size)
    component_shot(sam, ".messages .message", "flash-message", size)
    component_shot(sam, ".calm-line", "calm-line", size)

    tab(alex, "Check in")
    answer_everything(alex, score="5", share=True)
    alex.get_by_role("button", name="Save my answers").click()
    side_by_side = alex.locator("section", has=alex.get_by_role("heading", name="Side by side"))
    expect(side_by_side).to_be_visible()
    expect(side_by_side.get_by_text("Sam", exact=True).first).to_be_visible()
    expect(alex.get_by_text("Edit my answers")).to_be_visible()
    # The form is folded away: the reveal leads.
    expect(alex.get_by_role("button", name="Save changes")).to_be_hidden()
    check_page(alex, "11-reveal", size)
    component_shot(alex, ".reveal-row", "side-by-side", size)

    tab(alex, "Check in")
    alex.get_by_role("link", name="Past check-ins").click()
    check_page(alex, "12-history", size)
    tab(alex, "Trends")
    check_page(alex, "13-trends", size)
    tab(alex, "Account")
    check_page(alex, "14-account", size)

    # Either can unlink alone, at once.
    tab(alex, "Partner")
    alex.get_by_role("link", name="Unlink").click()
    alex.get_by_label("Password").fill(PASSWORD)
    alex.get_by_role("button", name="Confirm").click()
    check_page(alex, "15-unlink", size)
    alex.get_by_role("button", name="Unlink now").click()
    expect(alex.get_by_text("You are not linked with anyone")).to_be_visible()
    check_page(alex, "16-unlinked", size)

    alex_context.close()
    sam_context.close()
