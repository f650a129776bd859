from django.apps import AppConfig


class SecurityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "security"
    verbose_name = "Security log"

    def ready(self) -> None:
        from . import checks, receivers  # noqa: F401 (registers the check, connects receivers)
