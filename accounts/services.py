from .models import Profile, User, available_time_zones


def profile_update_from_sign_up(*, user: User, display_name: str, time_zone: str) -> Profile:
    profile = user.profile
    profile.display_name = display_name
    # The zone comes from the browser, not from typing: an unknown one falls back to UTC and
    # the person can pick theirs on the profile page.
    profile.time_zone = time_zone if time_zone in available_time_zones() else "UTC"
    profile.save(update_fields=["display_name", "time_zone", "updated_at"])
    return profile
