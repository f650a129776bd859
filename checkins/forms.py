from dataclasses import dataclass

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from .models import NOTE_MAX_LENGTH, Schedule
from .services import AnswerInput, SafetyInput

SCORE_ERROR = "Choose a score from 1 to 5."
SAFETY_ERROR = "Choose one of the answers, or skip this question."
CHECKED = mark_safe(" checked")


class ScaleRadioSelect(forms.RadioSelect):
    """RadioSelect's markup, written out in Python: each button rendered through a widget
    template was a fifth of the check-in page's time (docs/performance.md)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.pop("id", None) or f"id_{name}"
        chosen = {str(option) for option in self.format_value(value)}
        shared_attrs = flatatt(attrs)
        return format_html_join(
            "",
            '<label for="{0}"><input type="radio" name="{1}" value="{2}" id="{0}"{3}{4}> {5}'
            "</label>",
            (
                (
                    f"{base_id}_{index}",
                    name,
                    option_value,
                    shared_attrs,
                    CHECKED if str(option_value) in chosen else "",
                    option_label,
                )
                for index, (option_value, option_label) in enumerate(self.choices)
            ),
        )


@dataclass(frozen=True)
class AnswerGroup:
    """A dimension's fields, with what the template needs of them."""

    round_prompt: object
    prompt: forms.BoundField
    score: forms.BoundField
    note: forms.BoundField
    note_text: str
    note_max_length: int
    shared: forms.BoundField | None
    is_shared: bool

    @property
    def prompt_id(self) -> int:
        # What a refused form was posted with, so that the check in clean() meets it again.
        return self.prompt.value()


@dataclass(frozen=True)
class SafetyGroup:
    """A private safety question's field, with its question for the template."""

    question: object
    choice: forms.BoundField


class CheckinForm(forms.Form):
    """One page, one group of fields per dimension: a 1 to 5 score, a note, a share switch;
    then, in a couple's round, the private safety questions (optional, never shared)."""

    def __init__(
        self,
        *args,
        round_prompts,
        existing_answers,
        can_share: bool,
        safety_questions=(),
        existing_safety: dict[int, int] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.round_prompts = list(round_prompts)
        self.can_share = can_share
        self.safety_questions = list(safety_questions)
        existing_safety = existing_safety or {}
        for question in self.safety_questions:
            self.fields[f"safety-{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                help_text=question.help_text,
                required=False,
                choices=[("", "Skip this question")]
                + [(choice.pk, choice.label) for choice in question.asked_choices],
                coerce=int,
                empty_value=None,
                widget=ScaleRadioSelect,
                initial=existing_safety.get(question.pk, ""),
                error_messages={"invalid_choice": SAFETY_ERROR},
            )
        for round_prompt in self.round_prompts:
            prompt, key = round_prompt.prompt, round_prompt.dimension.slug
            existing = existing_answers.get(round_prompt.dimension_id)
            labels = {1: prompt.scale_low, 3: prompt.scale_mid, 5: prompt.scale_high}
            self.fields[f"{key}-prompt"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=prompt.pk
            )
            self.fields[f"{key}-score"] = forms.TypedChoiceField(
                label=prompt.text,
                help_text=prompt.help_text,
                choices=[
                    (value, f"{value} · {labels[value]}" if value in labels else str(value))
                    for value in range(1, 6)
                ],
                coerce=int,
                widget=ScaleRadioSelect,
                initial=existing.score if existing else None,
                error_messages={"required": SCORE_ERROR, "invalid_choice": SCORE_ERROR},
            )
            self.fields[f"{key}-note"] = forms.CharField(
                label="Note (optional)",
                required=False,
                max_length=NOTE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=existing.note if existing else "",
            )
            if can_share:
                self.fields[f"{key}-shared"] = forms.BooleanField(
                    label="Share this answer and note with my partner",
                    required=False,
                    initial=existing.is_shared if existing else prompt.shared_by_default,
                )

    def groups(self) -> list["AnswerGroup"]:
        """One AnswerGroup per dimension, for the template, which writes the inputs itself."""
        groups = []
        for round_prompt in self.round_prompts:
            key = round_prompt.dimension.slug
            note, shared = self[f"{key}-note"], self[f"{key}-shared"] if self.can_share else None
            groups.append(
                AnswerGroup(
                    round_prompt=round_prompt,
                    prompt=self[f"{key}-prompt"],
                    score=self[f"{key}-score"],
                    note=note,
                    note_text=note.value() or "",
                    note_max_length=NOTE_MAX_LENGTH,
                    shared=shared,
                    is_shared=bool(shared is not None and shared.value()),
                )
            )
        return groups

    def safety_groups(self) -> list[SafetyGroup]:
        return [
            SafetyGroup(question=question, choice=self[f"safety-{question.pk}"])
            for question in self.safety_questions
        ]

    def safety_inputs(self) -> list[SafetyInput]:
        """The safety questions answered (a skipped one is left out)."""
        return [
            SafetyInput(question_id=question.pk, choice_id=choice_id)
            for question in self.safety_questions
            if (choice_id := self.cleaned_data.get(f"safety-{question.pk}")) is not None
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        for round_prompt in self.round_prompts:
            key = round_prompt.dimension.slug
            if cleaned.get(f"{key}-prompt") != round_prompt.prompt_id:
                raise forms.ValidationError(
                    "A question on this page is not part of this check-in any more. Reload the "
                    "page; your answers below are kept."
                )
        return cleaned

    def answer_inputs(self) -> list[AnswerInput]:
        return [
            AnswerInput(
                dimension_id=round_prompt.dimension_id,
                prompt_id=round_prompt.prompt_id,
                score=self.cleaned_data[f"{round_prompt.dimension.slug}-score"],
                note=self.cleaned_data[f"{round_prompt.dimension.slug}-note"].strip(),
                is_shared=self.can_share
                and self.cleaned_data[f"{round_prompt.dimension.slug}-shared"],
            )
            for round_prompt in self.round_prompts
        ]


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = Schedule
        fields = ["cadence", "weekday", "time_of_day", "is_paused"]
        labels = {
            "cadence": "How often",
            "weekday": "Day",
            "time_of_day": "Time",
            "is_paused": "Pause check-ins",
        }
        help_texts = {
            "weekday": "Not used for daily check-ins.",
            "time_of_day": "In your own time zone (a partner sees the same moment in theirs).",
        }
        widgets = {"time_of_day": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
