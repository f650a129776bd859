"""Our talk on a phone (390 x 844): a flag set in the form, both partners open the talk page,
one writes what they agreed, the other sees it, and the next check-in shows it at the top. On
every page axe finds nothing serious and nothing fixed covers a control; screenshots saved."""

from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import Profile
from content.services import library_load
from tests.browser.helpers import (
    SCREENSHOTS,
    assert_accessible,
    assert_no_control_covered,
    log_in,
)
from tests.checkins.helpers import open_round
from tests.factories import DEFAULT_PASSWORD, UserFactory, link_partners
from tests.talks.helpers import submit_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def checked(page: Page, name: str) -> None:
    assert_no_control_covered(page)
    assert_accessible(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"talk-phone-{name}.png", full_page=True)


def answer(page: Page, *, score: str, talk_on: str | None = None) -> None:
    for question in page.locator("form.checkin-form fieldset.question:has(.scale.points)").all():
        question.get_by_label(score, exact=False).first.check()
        question.get_by_label("Partner sees this").check()
    if talk_on:
        theme = page.get_by_role("group", name=talk_on, exact=True)
        theme.locator("fieldset.question").first.get_by_label("Talk about this").check()
        # The reflection question's chip sits in its row too (not in the folded note), and
        # answers the keyboard: Space on the focused checkbox.
        reflection = theme.locator("fieldset.question.reflection")
        chip = reflection.get_by_label("Talk about this")
        expect(reflection.locator(".answer-row > label.talk")).to_be_visible()
        chip.focus()
        page.keyboard.press("Space")
        expect(chip).to_be_checked()
        expect(reflection.locator("details.note")).not_to_have_attribute("open", "")
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()


def test_two_partners_talk_and_agree_on_a_phone(browser: Browser, live_server):
    library_load()
    alex, sam = UserFactory(email="alex@example.com"), UserFactory(email="sam@example.com")
    link_partners(alex, sam)
    Profile.objects.filter(user=alex).update(display_name="Alex")
    Profile.objects.filter(user=sam).update(display_name="Sam")
    round_ = open_round(alex, opened=timedelta(hours=2))
    pages = {}
    for who in ("alex", "sam"):
        context = browser.new_context(viewport=PHONE)
        pages[who] = context.new_page()
        pages[who].set_default_timeout(10_000)
        log_in(pages[who], live_server.url, f"{who}@example.com", DEFAULT_PASSWORD)
        pages[who].goto(f"{live_server.url}/checkin/{round_.code}/")
    alex_page, sam_page = pages["alex"], pages["sam"]

    answer(sam_page, score="2", talk_on="Desire")
    answer(alex_page, score="4")
    alex_page.get_by_role("link", name="Talk about it").click()

    agenda = alex_page.locator("ol.agenda")
    expect(agenda.get_by_text("Sam flagged this")).to_have_count(2)
    expect(agenda.get_by_text("You answered 4 and Sam answered 2").first).to_be_visible()
    # The timer is there with the script, and starts.
    alex_page.get_by_role("button", name="Start 30 minutes").click()
    expect(alex_page.get_by_text("0 minutes of 30")).to_be_visible()
    checked(alex_page, "01-agenda")

    alex_page.get_by_role("textbox", name="A topic of your own").fill("Holidays")
    alex_page.get_by_role("button", name="Save my topic").click()
    expect(agenda.get_by_text("You added this")).to_be_visible()
    alex_page.get_by_role("textbox", name="What we agreed").fill(
        "A walk on Sunday, phones at home."
    )
    alex_page.get_by_role("button", name="Save what we agreed").click()
    expect(alex_page.get_by_text("Changed by you at")).to_be_visible()

    sam_page.goto(f"{live_server.url}/checkin/{round_.code}/talk/")
    expect(sam_page.locator("blockquote.agreement")).to_have_text(
        "A walk on Sunday, phones at home."
    )
    expect(sam_page.get_by_text("Changed by Alex at")).to_be_visible()
    checked(sam_page, "02-agreed")

    following = open_round(alex, opened=timedelta(minutes=5))
    sam_page.goto(f"{live_server.url}/checkin/{following.code}/")
    expect(sam_page.get_by_role("heading", name="Last time you agreed")).to_be_visible()
    expect(sam_page.get_by_text("A walk on Sunday, phones at home.")).to_be_visible()
    checked(sam_page, "03-next-checkin")


def _talk_page_of_a_couple(live_server) -> tuple[str, str]:
    """A couple whose round both have answered; the talk page's address and Alex's email."""
    library_load()
    alex, sam = UserFactory(email="alex@example.com"), UserFactory(email="sam@example.com")
    link_partners(alex, sam)
    round_ = open_round(alex, opened=timedelta(hours=2))
    submit_with(round_, alex, score=4)
    submit_with(round_, sam, score=2)
    return f"{live_server.url}/checkin/{round_.code}/talk/", "alex@example.com"


def test_the_half_hour_timer_counts_minutes_and_says_when_thirty_have_passed(
    browser: Browser, live_server
):
    """The timer with its script, on Playwright's clock: it shows the minutes gone (it counts
    up, by the minute: nothing counts down, docs/design.md), says once that half an hour has
    passed and then stands still, and stops and starts again."""
    url, email = _talk_page_of_a_couple(live_server)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, email, DEFAULT_PASSWORD)
    page.clock.install()
    page.goto(url)
    timer = page.get_by_role("region", name="Half an hour, if you like")
    display = timer.locator("[data-timer-display]")
    status = timer.get_by_role("status")
    start = timer.get_by_role("button", name="Start 30 minutes")
    stop = timer.get_by_role("button", name="Stop the timer")
    expect(timer).to_be_visible()
    expect(display).to_have_text("30 minutes")
    expect(stop).to_be_hidden()

    start.click()
    expect(status).to_have_text("The timer is running.")
    expect(display).to_have_text("0 minutes of 30")
    expect(start).to_be_hidden()
    expect(stop).to_be_visible()

    page.clock.run_for("01:00")
    expect(display).to_have_text("1 minute of 30")
    page.clock.run_for("10:30")
    expect(display).to_have_text("11 minutes of 30")
    expect(status).to_have_text("The timer is running.")

    # Past the half hour at one jump (a phone asleep in a pocket): the next tick catches up,
    # and the display stops at thirty.
    page.clock.fast_forward("25:00")
    page.clock.run_for(15_000)
    expect(display).to_have_text("30 minutes of 30")
    expect(status).to_have_text("Half an hour has passed. Stop here, or go on if you both want to.")
    page.clock.run_for("10:00")
    expect(display).to_have_text("30 minutes of 30")
    SCREENSHOTS.mkdir(exist_ok=True)
    timer.screenshot(path=SCREENSHOTS / "talk-phone-timer-finished.png")

    stop.click()
    expect(display).to_have_text("30 minutes")
    expect(status).to_have_text("The timer is stopped.")
    expect(stop).to_be_hidden()
    expect(start).to_be_focused()
    page.clock.run_for("05:00")
    expect(display).to_have_text("30 minutes")

    # And again from nought.
    start.click()
    page.clock.run_for("02:00")
    expect(display).to_have_text("2 minutes of 30")
    context.close()


def test_without_javascript_the_talk_page_shows_the_guide_and_no_timer(
    browser: Browser, live_server
):
    url, email = _talk_page_of_a_couple(live_server)
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, email, DEFAULT_PASSWORD)
    page.goto(url)

    expect(page.get_by_role("heading", name="How to talk")).to_be_visible()
    expect(page.get_by_text("Take turns.")).to_be_visible()
    expect(page.get_by_role("heading", name="What we agreed")).to_be_visible()
    # The timer's section stays hidden: no button that would do nothing.
    expect(page.get_by_role("heading", name="Half an hour, if you like")).to_be_hidden()
    expect(page.get_by_role("button", name="Start 30 minutes")).to_have_count(0)
    expect(page.get_by_role("button", name="Stop the timer")).to_have_count(0)
    # The page still works: a topic of one's own saves by a plain form post.
    page.get_by_role("textbox", name="A topic of your own").fill("Holidays")
    page.get_by_role("button", name="Save my topic").click()
    expect(page.locator("ol.agenda").get_by_text("You added this")).to_be_visible()
    # No axe here: it runs as a script, and this page has none (the first test checks the
    # same page with its script).
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "talk-phone-no-script.png", full_page=True)
    context.close()
