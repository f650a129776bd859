from django.contrib import admin

from .models import ReminderLog


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """Read-only: when reminders went out or failed. No answer content lives here."""

    list_display = ("id", "person", "kind", "status", "due_at", "sent_at", "attempts", "last_error")
    list_filter = ("status", "kind")
    date_hierarchy = "due_at"
    ordering = ("-due_at",)
    search_fields = ("person__email",)
    readonly_fields = [field.name for field in ReminderLog._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
