from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from .markdown import render_markdown
from .models import Dimension, Practice, Prompt, Source


class VersionFilter(admin.SimpleListFilter):
    title = "version"
    parameter_name = "version"

    def lookups(self, request, model_admin):
        return [("current", "Current"), ("retired", "Retired (replaced by a newer wording)")]

    def queryset(self, request, queryset):
        if self.value() == "retired":
            return queryset.filter(retired_at__isnull=False)
        if self.value() == "current":
            return queryset.filter(retired_at__isnull=True)
        return queryset


@admin.action(description="Activate the selected items")
def activate(modeladmin, request, queryset):
    updated = queryset.filter(**modeladmin.activatable_filter).update(is_active=True)
    messages.success(request, f"{updated} activated.")


@admin.action(description="Deactivate the selected items")
def deactivate(modeladmin, request, queryset):
    updated = queryset.update(is_active=False)
    messages.success(request, f"{updated} deactivated.")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "seed_file")
    search_fields = ("title", "subtitle", "author")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "higher_is_better")
    list_editable = ("order",)
    filter_horizontal = ("sources",)


@admin.register(Prompt)
class PromptAdmin(admin.ModelAdmin):
    list_display = ("text", "dimension", "version", "is_active", "shared_by_default", "order")
    list_filter = (VersionFilter, "dimension", "is_active", "shared_by_default")
    search_fields = ("text", "help_text", "slug")
    ordering = ("dimension__order", "order")
    actions = (activate, deactivate)
    activatable_filter = {"retired_at__isnull": True}
    filter_horizontal = ("sources",)
    readonly_fields = ("preview", "version", "retired_at")
    fieldsets = (
        (None, {"fields": ("dimension", "slug", "text", "help_text")}),
        ("Scale", {"fields": ("scale_low", "scale_mid", "scale_high")}),
        ("Use", {"fields": ("shared_by_default", "is_active", "order", "sources")}),
        ("Preview and history", {"fields": ("preview", "version", "retired_at")}),
    )

    @admin.display(description="On the check-in form")
    def preview(self, prompt: Prompt) -> SafeString:
        if prompt.pk is None:
            return SafeString("Save to see a preview.")
        return render_to_string("content/includes/prompt_preview.html", {"prompt": prompt})


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ("title", "dimension", "suggest_when", "score_min", "score_max", "is_active")
    list_filter = ("dimension", "is_active", "suggest_when")
    search_fields = ("title", "body", "slug")
    actions = (activate, deactivate)
    activatable_filter = {}
    filter_horizontal = ("sources",)
    readonly_fields = ("preview",)

    @admin.display(description="As people will see it")
    def preview(self, practice: Practice) -> SafeString:
        # render_markdown's output has been sanitized by nh3.
        return SafeString(render_markdown(practice.body))
