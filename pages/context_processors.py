from django.conf import settings
from django.http import HttpRequest

# Which tab of the main navigation a page belongs to, by its URL name.
NAV_TABS = {
    "checkin": {"checkin", "round_detail", "checkin_history", "care_note_dismiss"},
    "trends": {"our_trends", "my_trends"},
    "partner": {"partner", "unlink", "invitation_respond"},
    "account": {
        "account_index",
        "profile",
        "schedule_edit",
        "security_log",
        "your_data",
        "account_delete",
    },
}
# allauth's own pages (email, password, two-factor, sessions) belong to the account too.
ACCOUNT_URL_PREFIXES = ("account_", "mfa_", "usersessions_")


def nav_tab_of(url_name: str | None) -> str | None:
    if not url_name:
        return None
    for tab, names in NAV_TABS.items():
        if url_name in names:
            return tab
    return "account" if url_name.startswith(ACCOUNT_URL_PREFIXES) else None


def site(request: HttpRequest) -> dict[str, str | int | None]:
    match = getattr(request, "resolver_match", None)
    return {
        "site_name": settings.SITE_NAME,
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "session_lifetime_days": settings.SESSION_LIFETIME_DAYS,
        "nav_tab": nav_tab_of(match.url_name if match else None),
    }
