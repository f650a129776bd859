from functools import partial

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TrendsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trends"
    verbose_name = "Trends"

    def ready(self) -> None:
        from intimacy.sql import install_planned_queries

        from .selectors import DASHBOARD_STATE

        post_migrate.connect(
            partial(install_planned_queries, [DASHBOARD_STATE]), sender=self, weak=False
        )
