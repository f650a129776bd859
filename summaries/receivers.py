from django.dispatch import receiver

from privacy.signals import export_sections

from .selectors import summaries_export


@receiver(export_sections, dispatch_uid="summaries_in_export")
def summaries_in_export(sender, *, user, **kwargs) -> dict:
    """Summaries of the person's couples and their share links, for their data export."""
    return {"summaries": summaries_export(user)}
