from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "checkins"
    verbose_name = "Check-ins"

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401 (registers the SQLite version check)
            receivers,  # noqa: F401 (connects the receivers)
        )
