from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from modeltranslation.utils import build_localized_fieldname

from .models import Prompt


def english_field(name: str) -> str:
    """The English column of a translated field: `scale_2_en` for `scale_2`."""
    return build_localized_fieldname(name, settings.MODELTRANSLATION_DEFAULT_LANGUAGE)


class PromptAdminForm(forms.ModelForm):
    class Meta:
        model = Prompt
        # The admin's fieldsets decide what it shows; these are the editable ones among them.
        fields = [
            "kind",
            "dimension",
            "slug",
            *Prompt.WORDING_FIELDS,
            "shared_by_default",
            "is_active",
            "order",
            "sources",
        ]

    def clean_slug(self) -> str:
        # A slug names one question across its versions. The database's unique constraints on
        # it involve fields this form does not edit (version, retired_at), so Django's form
        # validation skips them and a taken slug was an IntegrityError (a 500): check here.
        slug = self.cleaned_data["slug"]
        own = self.instance.pk is not None and slug == self.initial.get("slug")
        if not own and Prompt.objects.filter(slug=slug).exists():
            raise forms.ValidationError("Another question already uses this slug.")
        return slug

    def clean(self) -> dict:
        cleaned = super().clean()
        kind = cleaned.get("kind", self.instance.kind)
        if kind != Prompt.Kind.PULSE:
            return cleaned
        if "is_active" in self.fields and not cleaned.get("is_active"):
            self.add_error(
                "is_active", "A pulse item stays active: the charts follow it. Reword it instead."
            )
        for label_field in Prompt.POINT_LABEL_FIELDS:
            # The admin edits each language's column (content/translation.py): the English one
            # must be there; a blank German or Spanish label shows the English.
            name = (
                english_field(label_field)
                if english_field(label_field) in self.fields
                else label_field
            )
            if name in self.fields and not cleaned.get(name) and name not in self.errors:
                self.add_error(name, "A pulse item needs a label on every point of its scale.")
        dimension = cleaned.get("dimension")
        other_pulse = Prompt.objects.current().filter(kind=Prompt.Kind.PULSE, dimension=dimension)
        if self.instance.pk is not None:
            other_pulse = other_pulse.exclude(slug=self.instance.slug)
        if dimension is not None and other_pulse.exists():
            self.add_error(
                "dimension",
                "This theme already has a pulse item: the charts follow one question per theme. "
                "Edit that one, or make this a reflection question.",
            )
        return cleaned


class CheckedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A many-to-many choice that refuses an id past the database's integer range as an invalid
    choice: SQLite raises OverflowError on it, which Django's field does not catch (a 500)."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except OverflowError as error:
            raise ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from error
