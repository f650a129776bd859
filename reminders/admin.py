from django.contrib import admin

from .models import ReminderLog


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """Read-only: when reminders went out or failed. No answer content lives here."""

    list_display = ("id", "person", "kind", "status", "due_at", "sent_at", "attempts", "last_error")
    list_filter = ("status", "kind")
    date_hierarchy = "due_at"
    ordering = ("-due_at",)
    readonly_fields = [field.name for field in ReminderLog._meta.fields]

    def get_queryset(self, request):
        # Sends and failures only: a row "not needed" would say that someone had already
        # answered. And never an admin's own couple's rounds: an admin can be somebody's
        # partner, and a follow-up sent says the other had not answered yet.
        return (
            super()
            .get_queryset(request)
            .filter(status__in=[ReminderLog.Status.SENT, ReminderLog.Status.FAILED])
            .exclude(round__schedule__couple__members__user=request.user)
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
