from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "calendars"
    verbose_name = "Calendar feeds"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 (connects the receivers)
