from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "checkins"
    verbose_name = "Check-ins"

    def ready(self) -> None:
        from intimacy.sql import register_planned_queries

        from . import checks  # noqa: F401 (registers the SQLite version check)
        from .selectors import ROUND_FOR_USER
        from .services import ROUND_WRITE
        from .suggestions import PRACTICES

        register_planned_queries(self, [ROUND_FOR_USER, ROUND_WRITE, PRACTICES])
