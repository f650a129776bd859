from functools import partial

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class CheckinsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "checkins"
    verbose_name = "Check-ins"

    def ready(self) -> None:
        from intimacy.sql import install_planned_queries, note_planned_functions

        from . import checks  # noqa: F401 (registers the SQLite version check)
        from .selectors import ROUND_FOR_USER
        from .services import ROUND_WRITE
        from .suggestions import PRACTICES

        post_migrate.connect(
            partial(install_planned_queries, [ROUND_FOR_USER, ROUND_WRITE, PRACTICES]),
            sender=self,
            weak=False,
        )
        connection_created.connect(note_planned_functions, dispatch_uid="planned-queries")
