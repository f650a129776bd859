"""A person whose browser speaks German signs up, accepts a Spanish-speaking partner's
invitation and checks in, all in German: the form, the reveal beside the partner's answers and
the trends dashboard, with no English sentence of the catalogue left on them. The partner's
own pages stay Spanish. Screenshots: test-results/german-*.png."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from checkins.models import Round
from checkins.selectors import schedule_for_person
from checkins.services import AnswerInput, checkin_submit
from content.models import Dimension
from content.services import library_load
from couples.services import invitation_accept, invitation_create
from tests.browser.helpers import PASSWORD, SCREENSHOTS, assert_accessible
from tests.browser.test_whole_flow import QUESTIONS_HEIGHT_JS
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.i18n.test_no_english_left import english_sentences

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TRANSLATED_FORM_MAX_SCREENS = 2.5


def german(english: str) -> str:
    with translation.override("de"):
        return translation.gettext(english)


def english_left(page: Page, sentences: set[str]) -> list[str]:
    text = page.locator("body").inner_text()
    return sorted(s for s in sentences if s in " ".join(text.split()))


def test_a_german_browser_gets_german_pages_from_sign_up_to_trends(browser: Browser, live_server):
    library_load()
    SCREENSHOTS.mkdir(exist_ok=True)
    sam = UserFactory(email="sam@example.com")
    sam.profile.display_name, sam.profile.language = "Sam", "es"
    sam.profile.save()
    invitation = invitation_create(inviter=sam)
    sentences = english_sentences("de")
    context = browser.new_context(viewport=PHONE, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(10_000)

    # Sign up from the invitation, in German because the browser asks for it.
    page.goto(f"{live_server.url}/partner/join/{invitation.token}/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.get_by_role("link", name=german("Create an account")).first.click()
    expect(page.get_by_role("heading", name=german("Sign up"))).to_be_visible()
    assert not english_left(page, sentences)
    page.locator("input[name=email]").fill("alex@example.com")
    page.locator("input[name=display_name]").fill("Alex")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name=german("Sign up")).click()
    expect(page.get_by_role("heading", name=german("Check your email"))).to_be_visible()
    message = [m for m in mail.outbox if m.to == ["alex@example.com"]][-1]
    path = re.search(rf"{re.escape(settings.SITE_URL)}(/accounts/confirm-email/\S+/)", message.body)
    page.goto(live_server.url + path.group(1))
    page.locator("main form button[type=submit]").click()

    page.goto(f"{live_server.url}/partner/join/{invitation.token}/")
    page.get_by_role("button", name=german("Accept")).click()
    expect(page.locator("main p strong", has_text="Sam").first).to_be_visible()
    assert not english_left(page, sentences)

    # Sam (in Spanish, through the app's own service) shares every answer first.
    round_ = Round.objects.filter(schedule=schedule_for_person(sam)).latest("opens_at")
    checkin_submit(
        round_=round_,
        person=sam,
        answers=[
            AnswerInput(rp.dimension_id, rp.prompt_id, 3, "", is_shared=True)
            for rp in round_.round_prompts.all()
        ],
    )

    # The form: German themes and questions.
    page.goto(f"{live_server.url}/checkin/")
    for dimension in Dimension.objects.all():
        expect(page.get_by_role("group", name=dimension.name_de, exact=True)).to_be_visible()
    assert not english_left(page, sentences)
    assert_accessible(page)
    measured = page.evaluate(QUESTIONS_HEIGHT_JS)
    screens = measured["height"] / PHONE["height"]
    print(f"the eight questions in German: {measured['height']:.0f} px, {screens:.2f} screens")
    # German words are longer: a reflection question's row of chips takes two lines, where
    # English fits one (the whole-flow test holds English to 2.2 screens).
    assert screens <= TRANSLATED_FORM_MAX_SCREENS, f"the eight questions take {screens:.2f} screens"
    page.screenshot(path=SCREENSHOTS / "german-1-form.png", full_page=True)
    for question in page.locator("fieldset.dimension fieldset.question").all():
        question.locator("input[type=radio][value='4']").first.check()
        share = question.get_by_label(german("Partner sees this"))
        if share.count():
            share.check()
    page.get_by_role("button", name=german("Save my answers")).click()

    # The reveal, beside Sam's answers.
    expect(
        page.get_by_text(
            german("Your answers are saved. You can change them until the check-in closes.")
        )
    ).to_be_visible()
    expect(page.get_by_role("heading", name=german("Side by side"))).to_be_visible()
    assert not english_left(page, sentences)
    page.screenshot(path=SCREENSHOTS / "german-2-reveal.png", full_page=True)

    # The dashboard.
    page.goto(f"{live_server.url}/trends/")
    expect(page.get_by_role("heading", name=german("Our trends"))).to_be_visible()
    assert not english_left(page, sentences)
    assert_accessible(page)
    page.screenshot(path=SCREENSHOTS / "german-3-trends.png", full_page=True)
    context.close()


def test_a_spanish_speakers_check_in_form_is_spanish_and_fits_the_same_screens(
    browser: Browser, live_server
):
    library_load()
    sentences = english_sentences("es")
    ana = UserFactory(email="ana@example.com")
    ana.profile.display_name, ana.profile.language = "Ana", "es"
    ana.profile.save()
    # Linked, so that each answer has its share toggle, as in the German test.
    invitation_accept(token=invitation_create(inviter=UserFactory()).token, user=ana)
    # An English browser: the profile's language wins once Ana is signed in.
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill(ana.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").first.click()

    page.goto(f"{live_server.url}/checkin/")

    expect(page.locator("html")).to_have_attribute("lang", "es")
    for dimension in Dimension.objects.all():
        expect(page.get_by_role("group", name=dimension.name_es, exact=True)).to_be_visible()
    assert not english_left(page, sentences)
    measured = page.evaluate(QUESTIONS_HEIGHT_JS)
    screens = measured["height"] / PHONE["height"]
    print(f"the eight questions in Spanish: {measured['height']:.0f} px, {screens:.2f} screens")
    assert screens <= TRANSLATED_FORM_MAX_SCREENS, f"the eight questions take {screens:.2f} screens"
    page.screenshot(path=SCREENSHOTS / "spanish-1-form.png", full_page=True)
    context.close()
