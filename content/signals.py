"""Any saved or deleted row of the content library, its links to sources included, changes
the content version."""

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from .version import content_changed


def _row_changed(sender, **kwargs) -> None:
    content_changed()


def _links_changed(sender, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        content_changed()


def _migrated(sender, **kwargs) -> None:
    # Data migrations write content without signals.
    content_changed()


def connect(app_config: AppConfig) -> None:
    post_migrate.connect(_migrated, sender=app_config, dispatch_uid="content-version-migrate")
    # Connected per model, not for every sender: a post_delete receiver for a model makes
    # Django read each row before deleting it, so a global one would slow every delete.
    for model in app_config.get_models():
        post_save.connect(_row_changed, sender=model, dispatch_uid=f"content-version-{model}")
        post_delete.connect(_row_changed, sender=model, dispatch_uid=f"content-version-{model}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _links_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"content-version-{field}",
            )
