from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from modeltranslation.utils import get_translation_fields

from .forms import CheckedModelMultipleChoiceField, PromptAdminForm
from .markdown import render_markdown
from .models import (
    Dimension,
    LocalResources,
    Practice,
    Prompt,
    SafetyChoice,
    SafetyQuestion,
    Source,
)
from .services import prompt_is_answered, prompt_revise

# A prompt's wording in every language (`text_en`, `text_de`...): the admin's form edits these,
# and a change to any of them on an answered prompt makes a new version.
PROMPT_WORDING_FORM_FIELDS = frozenset(
    name for field in Prompt.WORDING_FIELDS for name in get_translation_fields(field)
)


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


class CheckedSelectionMixin:
    """Bulk actions refuse a selection that is not a list of ids, with a message; so do the
    many-to-many fields (sources).

    Django's admin filters the queryset by the posted ids as they are, and one that is not a
    number raised ValueError: a 500 instead of an error on the page.
    """

    formfield_overrides = {models.ManyToManyField: {"form_class": CheckedModelMultipleChoiceField}}

    def response_action(self, request, queryset):
        pk = self.model._meta.pk
        try:
            for value in request.POST.getlist(ACTION_CHECKBOX_NAME):
                pk.to_python(value)
        except ValidationError:
            self.message_user(
                request, "Choose the items from the list. Nothing was changed.", messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


@admin.action(description="Activate the selected items")
def activate(modeladmin, request, queryset):
    updated = queryset.filter(**modeladmin.activatable_filter).update(is_active=True)
    messages.success(request, f"{updated} activated.")


@admin.action(description="Deactivate the selected items")
def deactivate(modeladmin, request, queryset):
    kept_active = getattr(modeladmin, "always_active", None)
    if kept_active is not None and queryset.filter(kept_active).exists():
        messages.warning(request, modeladmin.always_active_reason)
        queryset = queryset.exclude(kept_active)
    updated = queryset.update(is_active=False)
    messages.success(request, f"{updated} deactivated.")


@admin.register(Source)
class SourceAdmin(CheckedSelectionMixin, admin.ModelAdmin):
    list_display = ("title", "author", "seed_file")
    search_fields = ("title", "subtitle", "author")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(Dimension)
class DimensionAdmin(CheckedSelectionMixin, TranslationAdmin):
    list_display = ("name", "order", "higher_is_better")
    list_editable = ("order",)
    filter_horizontal = ("sources",)


@admin.register(Prompt)
class PromptAdmin(CheckedSelectionMixin, TranslationAdmin):
    form = PromptAdminForm
    list_display = (
        "text", "dimension", "kind", "version", "is_active", "shared_by_default", "order",
    )  # fmt: skip
    list_filter = (
        VersionFilter,
        "kind",
        "dimension",
        "is_active",
        "shared_by_default",
        "support_at_lowest",
    )
    # In every language: an editor may search for the German they remember.
    search_fields = (*get_translation_fields("text"), *get_translation_fields("help_text"), "slug")
    ordering = ("dimension__order", "order")
    actions = (activate, deactivate)
    activatable_filter = {"retired_at__isnull": True}
    # A theme's chart follows its pulse item: switching it off would leave every round
    # without it. It can be reworded instead.
    always_active = Q(kind=Prompt.Kind.PULSE, retired_at__isnull=True)
    always_active_reason = (
        "Pulse items stay active: the charts follow them. Reword one instead of switching it off."
    )
    filter_horizontal = ("sources",)
    readonly_fields = ("preview", "version", "retired_at")
    fieldsets = (
        (None, {"fields": ("kind", "dimension", "slug", "text", "help_text")}),
        (
            "Scale",
            {
                "fields": Prompt.SCALE_FIELDS,
                "description": "A pulse item needs a label on every point.",
            },
        ),
        (
            "Use",
            {"fields": ("shared_by_default", "support_at_lowest", "is_active", "order", "sources")},
        ),
        ("Preview and history", {"fields": ("preview", "version", "retired_at")}),
    )

    def get_readonly_fields(self, request, obj: Prompt | None = None):
        # A retired version is history: the wording its answers were given to. Rewording or
        # re-activating it would make a second current version of the question.
        if obj is not None and obj.retired_at is not None:
            names = [name for fieldset in self.fieldsets for name in fieldset[1]["fields"]]
            # Every language's column of a translated field (`text_de`), not the field itself.
            return self.replace_orig_field(names)
        if obj is not None:
            # Its answers were stored as pulse or reflection answers: the kind stays.
            return (*super().get_readonly_fields(request, obj), "kind")
        return super().get_readonly_fields(request, obj)

    def save_model(self, request, obj: Prompt, form, change: bool) -> None:
        # A new German or Spanish wording is new wording too: an answer keeps the text it was
        # given in its own language (checkins.models.Answer.language).
        rewording = set(form.changed_data) & PROMPT_WORDING_FORM_FIELDS
        if change and rewording and prompt_is_answered(obj.pk):
            # Answers keep the exact text they answered: new wording is a new version. The
            # admin then saves the sources onto it and shows it.
            prompt_revise(edited=obj)
            messages.info(
                request,
                f"This question had answers, so the new wording is saved as version "
                f"{obj.version} and the old one is kept for them.",
            )
            return
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj: Prompt | None = None) -> bool:
        # Once answered, deactivate instead: the answers need their question.
        if obj is not None and prompt_is_answered(obj.pk):
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="On the check-in form")
    def preview(self, prompt: Prompt) -> SafeString:
        if prompt.pk is None:
            return SafeString("Save to see a preview.")
        return render_to_string("content/includes/prompt_preview.html", {"prompt": prompt})


@admin.register(Practice)
class PracticeAdmin(CheckedSelectionMixin, TranslationAdmin):
    list_display = ("title", "dimension", "suggest_when", "score_min", "score_max", "is_active")
    list_filter = ("dimension", "is_active", "suggest_when")
    search_fields = (*get_translation_fields("title"), *get_translation_fields("body"), "slug")
    actions = (activate, deactivate)
    activatable_filter = {}
    filter_horizontal = ("sources",)
    readonly_fields = ("preview",)

    @admin.display(description="As people will see it")
    def preview(self, practice: Practice) -> SafeString:
        # render_markdown's output has been sanitized by nh3.
        return SafeString(render_markdown(practice.body))


class SafetyChoiceInline(TranslationTabularInline):
    model = SafetyChoice
    extra = 0
    fields = ("label", "order", "is_worrying")
    # Django's refusal to delete a chosen choice would list the answers that chose it.
    can_delete = False


@admin.register(SafetyQuestion)
class SafetyQuestionAdmin(CheckedSelectionMixin, TranslationAdmin):
    """The questions and their choices; never the answers, nor whether any exist: nothing here
    may be deleted (Django's refusal would list the answers), only made inactive. An answer
    keeps the wording and meaning it was given with."""

    list_display = ("text", "is_active", "order")
    list_editable = ("order",)
    actions = (activate, deactivate)
    activatable_filter = {}
    filter_horizontal = ("sources",)
    inlines = (SafetyChoiceInline,)

    def has_delete_permission(self, request, obj: SafetyQuestion | None = None) -> bool:
        return False


@admin.register(LocalResources)
class LocalResourcesAdmin(TranslationAdmin):
    fields = ("text", "preview")
    readonly_fields = ("preview",)

    def has_add_permission(self, request) -> bool:
        return not LocalResources.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj: LocalResources | None = None) -> bool:
        return False

    @admin.display(description="As people will see it")
    def preview(self, resources: LocalResources) -> SafeString:
        # render_markdown's output has been sanitized by nh3.
        return SafeString(render_markdown(resources.text))
