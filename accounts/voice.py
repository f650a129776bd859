"""Texts of allauth and Django that our account pages show, marked here only so that they land in
our own catalogue, which Django prefers to theirs: their Spanish says "usted", and the app speaks
to one person as "tú" (docs/translation.md). The English stays theirs, word for word; nothing
imports this module."""

from django.utils.translation import gettext_noop, ngettext_lazy

ALLAUTH = [
    gettext_noop("Forgot your password?"),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Please type your current password."),
    gettext_noop("Use your password"),
    gettext_noop("You cannot remove your primary email address."),
    gettext_noop(
        "You cannot activate two-factor authentication until you have verified your email address."
    ),
]

# Django's English has a typographic apostrophe; escaped, gettext's extractor would not read it.
DJANGO_PASSWORD_VALIDATION = [
    gettext_noop(
        "Your password can’t be too similar to your other personal information."  # noqa: RUF001
    ),
    gettext_noop("Your password can’t be a commonly used password."),  # noqa: RUF001
    gettext_noop("Your password can’t be entirely numeric."),  # noqa: RUF001
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
]
