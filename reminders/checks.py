from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def web_push_has_keys(app_configs, **kwargs) -> list[Warning]:
    """Without a VAPID key pair the site sends reminders by email only; say so where an
    operator looks before going live, rather than fail at the first reminder."""
    if settings.WEBPUSH_ENABLED:
        return []
    return [
        Warning(
            "VAPID_PRIVATE_KEY and VAPID_PUBLIC_KEY are unset: notifications are off and "
            "reminders go by email only.",
            hint="Generate a pair (see README, Web push) and set both to offer notifications.",
            id="reminders.W001",
        )
    ]
