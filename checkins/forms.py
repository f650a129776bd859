from dataclasses import dataclass

from django import forms
from django.forms.utils import flatatt
from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from content.models import Dimension

from .models import NOTE_MAX_LENGTH, RoundPrompt, Schedule, WeighingAnswer
from .services import TALK_NEEDS_SHARING, AnswerInput, SafetyInput, WeighingInput

SCORE_ERROR = _("Choose one of the answers for this question.")
SAFETY_ERROR = _("Choose one of the answers, or skip this question.")
CHECKED = mark_safe(" checked")
NO_CLASS = mark_safe("")
POINT_CLASS = mark_safe(' class="point"')
OTHER_CLASS = mark_safe(' class="other"')


class ScaleRadioSelect(forms.RadioSelect):
    """RadioSelect's markup, written out in Python: each button rendered through a widget
    template was a fifth of the check-in page's time (docs/performance.md)."""

    def option_parts(self, value, label) -> tuple[SafeString, SafeString | str]:
        """The label element's class attribute and what it shows beside the button."""
        return NO_CLASS, label

    def options_html(self, name, value, attrs) -> list[tuple[object, SafeString]]:
        """Each choice's value with its label element (the radio button inside)."""
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.pop("id", None) or f"id_{name}"
        chosen = {str(option) for option in self.format_value(value)}
        shared_attrs = flatatt(attrs)
        options = []
        for index, (option_value, option_label) in enumerate(self.choices):
            label_class, content = self.option_parts(option_value, option_label)
            checked = CHECKED if str(option_value) in chosen else ""
            option_id = f"{base_id}_{index}"
            options.append(
                (
                    option_value,
                    format_html(
                        '<label for="{0}"{1}><input type="radio" name="{2}" value="{3}" id="{0}"'
                        "{4}{5}> {6}</label>",
                        option_id,
                        label_class,
                        name,
                        option_value,
                        shared_attrs,
                        checked,
                        content,
                    ),
                )
            )
        return options

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        return format_html_join(
            "", "{}", ((html,) for _, html in self.options_html(name, value, attrs))
        )


class PointsRadioSelect(ScaleRadioSelect):
    """A score's scale: the points 1 to 5 (choices whose value is the number and whose label is
    the point's words, if any) as one row of tap targets, number over words; after it the other
    choices ("Skip this question", "does not apply"), which the template's row of actions lays
    out beside the share toggle. Still native radio buttons, so keyboards and screen readers
    work, with no script."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        options = self.options_html(name, value, attrs)
        return format_html(
            '<div class="scale points">{}</div>{}',
            format_html_join(
                "", "{}", ((html,) for value, html in options if isinstance(value, int))
            ),
            format_html_join(
                "", "{}", ((html,) for value, html in options if not isinstance(value, int))
            ),
        )

    def option_parts(self, value, label) -> tuple[SafeString, SafeString]:
        if isinstance(value, int):
            return POINT_CLASS, format_html(
                '<span class="point-number">{}</span><span class="point-words">{}</span>',
                value,
                label,
            )
        return OTHER_CLASS, format_html('<span class="point-words">{}</span>', label)


NOT_APPLICABLE = "na"


def _score_or_none(value: str) -> int | None:
    return None if value == NOT_APPLICABLE else int(value)


@dataclass(frozen=True)
class Question:
    """One question's fields (a pulse item has no note), with what the template needs."""

    round_prompt: RoundPrompt
    prompt: forms.BoundField
    score: forms.BoundField
    note: forms.BoundField | None
    note_text: str
    note_max_length: int
    shared: forms.BoundField | None
    is_shared: bool
    talk: forms.BoundField | None = None
    wants_talk: bool = False

    @property
    def prompt_id(self) -> int:
        # What a refused form was posted with, so that the check in clean() meets it again.
        return self.prompt.value()


@dataclass(frozen=True)
class AnswerGroup:
    """A dimension's questions: its pulse item (rounds from before the pulse have none) and
    its reflection question."""

    dimension: Dimension
    pulse: Question | None
    reflection: Question | None


@dataclass(frozen=True)
class SafetyGroup:
    """A private safety question's field, with its question for the template."""

    question: object
    choice: forms.BoundField


class CheckinForm(forms.Form):
    """One page, one group per dimension: the pulse item (1 to 5, or "does not apply" where it
    offers it) and a share switch; the reflection question (may be skipped), a note and a share
    switch. Then, in a couple's round, the private safety questions (optional, never shared).

    Field names: `<dimension>-pulse-*` for the pulse item, `<dimension>-*` for the reflection
    question."""

    def __init__(
        self,
        *args,
        round_prompts,
        existing_answers,
        can_share: bool,
        safety_questions=(),
        existing_safety: dict[int, int] | None = None,
        existing_weighing: WeighingAnswer | None = None,
        **kwargs,
    ) -> None:
        """`existing_answers`: the person's saved answers, by prompt id."""
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
                choices=[("", _("Skip this question"))]
                + [(choice.pk, choice.label) for choice in question.asked_choices],
                coerce=int,
                empty_value=None,
                widget=ScaleRadioSelect,
                initial=existing_safety.get(question.pk, ""),
                error_messages={"invalid_choice": SAFETY_ERROR},
            )
        for round_prompt in self.round_prompts:
            self._add_question_fields(round_prompt, existing_answers.get(round_prompt.prompt_id))
        self.fields["weighing"] = forms.MultipleChoiceField(
            label=_("What has been weighing on you lately, outside the two of you?"),
            help_text=_(
                "Not scored and never on a chart: it gives your talk some context. Choose "
                "any that fit, or none."
            ),
            choices=list(WeighingAnswer.TOPICS.items()),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=existing_weighing.topics if existing_weighing else [],
            error_messages={"invalid_choice": _("Choose from the topics listed.")},
        )
        if can_share:
            self.fields["weighing-shared"] = forms.BooleanField(
                label=_("Share this with my partner"),
                required=False,
                # Health and money can be private matters: shared only when chosen.
                initial=existing_weighing.is_shared if existing_weighing else False,
            )

    @staticmethod
    def field_prefix(round_prompt) -> str:
        slug = round_prompt.dimension.slug
        return f"{slug}-pulse" if round_prompt.is_pulse else slug

    def _add_question_fields(self, round_prompt, existing) -> None:
        prompt, key = round_prompt.prompt, self.field_prefix(round_prompt)
        labels = prompt.scale_labels()
        choices = [(value, labels.get(value, "")) for value in range(1, 6)]
        if round_prompt.is_pulse:
            if prompt.not_applicable_label:
                choices.append((NOT_APPLICABLE, prompt.not_applicable_label))
            initial = existing and (NOT_APPLICABLE if existing.score is None else existing.score)
        else:
            choices.insert(0, ("", pgettext_lazy("reflection question", "Skip")))
            initial = existing.score if existing and existing.score is not None else ""
        self.fields[f"{key}-prompt"] = forms.IntegerField(
            widget=forms.HiddenInput, initial=prompt.pk
        )
        self.fields[f"{key}-score"] = forms.TypedChoiceField(
            label=prompt.text,
            help_text=prompt.help_text,
            choices=choices,
            coerce=_score_or_none,
            empty_value=None,
            required=round_prompt.is_pulse,
            widget=PointsRadioSelect,
            initial=initial,
            error_messages={"required": SCORE_ERROR, "invalid_choice": SCORE_ERROR},
        )
        if not round_prompt.is_pulse:
            self.fields[f"{key}-note"] = forms.CharField(
                label=_("Note (optional)"),
                required=False,
                max_length=NOTE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=existing.note if existing else "",
            )
        if self.can_share:
            self.fields[f"{key}-shared"] = forms.BooleanField(
                label=_("Share this answer with my partner")
                if round_prompt.is_pulse
                else _("Share this answer and note with my partner"),
                required=False,
                initial=existing.is_shared if existing else prompt.shared_by_default,
            )
            self.fields[f"{key}-talk"] = forms.BooleanField(
                label=_("I'd like to talk about this"),
                required=False,
                initial=existing.wants_talk if existing else False,
            )

    def _question(self, round_prompt) -> Question:
        key = self.field_prefix(round_prompt)
        note = None if round_prompt.is_pulse else self[f"{key}-note"]
        shared = self[f"{key}-shared"] if self.can_share else None
        talk = self[f"{key}-talk"] if self.can_share else None
        return Question(
            round_prompt=round_prompt,
            prompt=self[f"{key}-prompt"],
            score=self[f"{key}-score"],
            note=note,
            note_text=(note.value() or "") if note is not None else "",
            note_max_length=NOTE_MAX_LENGTH,
            shared=shared,
            is_shared=bool(shared is not None and shared.value()),
            talk=talk,
            wants_talk=bool(talk is not None and talk.value()),
        )

    def groups(self) -> list[AnswerGroup]:
        """One AnswerGroup per dimension, for the template, which writes the inputs itself."""
        by_dimension: dict[int, dict] = {}
        for round_prompt in self.round_prompts:
            group = by_dimension.setdefault(
                round_prompt.dimension_id, {"dimension": round_prompt.dimension}
            )
            group["pulse" if round_prompt.is_pulse else "reflection"] = self._question(round_prompt)
        return [
            AnswerGroup(
                dimension=group["dimension"],
                pulse=group.get("pulse"),
                reflection=group.get("reflection"),
            )
            for group in by_dimension.values()
        ]

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

    @property
    def weighing_shared(self) -> forms.BoundField | None:
        return self["weighing-shared"] if self.can_share else None

    def weighing_input(self) -> WeighingInput:
        return WeighingInput(
            topics=frozenset(self.cleaned_data["weighing"]),
            is_shared=self.can_share and self.cleaned_data["weighing-shared"],
        )

    @property
    def has_pulse(self) -> bool:
        """Whether the round asks pulse items (one made before they existed does not)."""
        return any(round_prompt.is_pulse for round_prompt in self.round_prompts)

    def clean(self) -> dict:
        cleaned = super().clean()
        for round_prompt in self.round_prompts:
            if cleaned.get(f"{self.field_prefix(round_prompt)}-prompt") != round_prompt.prompt_id:
                raise forms.ValidationError(
                    _(
                        "A question on this page is not part of this check-in any more. Reload "
                        "the page; your answers below are kept."
                    )
                )
        if self.can_share:
            for round_prompt in self.round_prompts:
                key = self.field_prefix(round_prompt)
                if cleaned.get(f"{key}-talk") and not cleaned.get(f"{key}-shared"):
                    self.add_error(f"{key}-talk", TALK_NEEDS_SHARING)
        if not self.errors and self.round_prompts and not self.answer_inputs():
            # Only a round from before the pulse items can be left with nothing answered.
            raise forms.ValidationError(
                _("Answer at least one question, or come back to this check-in later.")
            )
        return cleaned

    def answer_inputs(self) -> list[AnswerInput]:
        """The questions answered: every pulse item, and each reflection question with a score
        or a note (one with neither is skipped)."""
        inputs = []
        for round_prompt in self.round_prompts:
            key = self.field_prefix(round_prompt)
            score = self.cleaned_data.get(f"{key}-score")
            note = "" if round_prompt.is_pulse else self.cleaned_data.get(f"{key}-note", "").strip()
            if not round_prompt.is_pulse and score is None and not note:
                continue
            inputs.append(
                AnswerInput(
                    dimension_id=round_prompt.dimension_id,
                    prompt_id=round_prompt.prompt_id,
                    score=score,
                    note=note,
                    is_shared=self.can_share and self.cleaned_data[f"{key}-shared"],
                    wants_talk=self.can_share and self.cleaned_data.get(f"{key}-talk", False),
                )
            )
        return inputs


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = Schedule
        fields = ["cadence", "weekday", "time_of_day", "is_paused"]
        labels = {
            "cadence": _("How often"),
            "weekday": pgettext_lazy("weekday", "Day"),
            "time_of_day": pgettext_lazy("time of day", "Time"),
            "is_paused": _("Pause check-ins"),
        }
        help_texts = {
            "weekday": _("Not used for daily check-ins."),
            "time_of_day": _("In your own time zone (a partner sees the same moment in theirs)."),
        }
        widgets = {"time_of_day": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The days listed from the reader's first day of the week (Sunday in English, Monday in
        # German and Spanish); the values stay Monday 0 to Sunday 6.
        first = (get_format("FIRST_DAY_OF_WEEK") - 1) % 7  # Django counts from Sunday 0
        field = self.fields["weekday"]
        days = [(value, label) for value, label in field.choices if value != ""]
        blank = [(value, label) for value, label in field.choices if value == ""]
        field.choices = blank + days[first:] + days[:first]
