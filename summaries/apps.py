from django.apps import AppConfig


class SummariesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "summaries"
    verbose_name = "Summaries"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 (adds the summaries to the data export)
