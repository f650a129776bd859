from functools import partial

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class TrendsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trends"
    verbose_name = "Trends"

    def ready(self) -> None:
        from intimacy.sql import install_planned_queries, note_planned_functions

        from .selectors import DASHBOARD_STATE

        post_migrate.connect(
            partial(install_planned_queries, [DASHBOARD_STATE]), sender=self, weak=False
        )
        connection_created.connect(note_planned_functions, dispatch_uid="planned-queries")
