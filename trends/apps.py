from django.apps import AppConfig


class TrendsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trends"
    verbose_name = "Trends"

    def ready(self) -> None:
        from intimacy.sql import register_planned_queries

        from .selectors import DASHBOARD_STATE

        register_planned_queries(self, [DASHBOARD_STATE])
