from django.apps import AppConfig


class TalksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "talks"
    verbose_name = "Talks"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 (adds the talks to the data export)
