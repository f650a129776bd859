import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

DEFAULT_PASSWORD = "a-long-test-passphrase"


class UserFactory(factory.django.DjangoModelFactory):
    """A user whose email is verified, so that they can log in."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def link_partners(first, second):
    """Link two users as partners through the same path people use, an invitation accepted,
    without the rounds linking makes (tests/checkins/test_schedule_and_rounds.py has those)."""
    from checkins.models import Round
    from couples.services import invitation_accept, invitation_create

    created = invitation_create(inviter=first)
    couple = invitation_accept(token=created.token, user=second)
    # Tests make the rounds they need: the couple's first ones, made with the link for this
    # evening (open already after 19:00), would make them depend on the time of day.
    Round.objects.filter(schedule__couple=couple).delete()
    return couple


def calendar_address(person, *, title: str | None = None) -> str:
    """A working calendar feed for `person` (with this event name), made as the calendar page
    makes it; returns the feed's path, the one time its token is known."""
    from calendars.services import calendar_feed_address_new, calendar_feed_title_set

    if title is not None:
        calendar_feed_title_set(person=person, title=title)
    return f"/calendar/{calendar_feed_address_new(person=person)}.ics"
