import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from content.selectors import local_resources_text, safety_questions_asked
from intimacy.formats import format_local

from . import selectors, services
from .forms import CheckinForm, ScheduleForm
from .suggestions import care_note_due

HISTORY_PAGE_SIZE = 10


@login_required
def checkin_current(request: HttpRequest) -> HttpResponse:
    schedule = selectors.schedule_for_person(request.user)
    round_ = selectors.open_round_of(schedule)
    if round_ is None and not selectors.schedule_has_begun(schedule):
        round_ = services.first_round_open(schedule)
    if round_ is not None and not round_.is_skipped:
        return redirect("round_detail", code=round_.code)
    return render(
        request,
        "checkins/no_round.html",
        {
            "schedule": schedule,
            "next_checkin": selectors.schedule_next_checkin(schedule, viewer=request.user),
        },
    )


def _round_context(
    request: HttpRequest, round_, *, can_answer: bool, form: CheckinForm | None = None
) -> dict:
    """What the round page shows: fresh (no `form`), or with a refused submission."""
    submission = round_.viewer_submission
    round_prompts = form.round_prompts if form else selectors.round_prompts_of(round_)
    own, partner_answers = selectors.answers_seen_in(
        round_=round_,
        viewer=request.user,
        viewer_submission=submission,
        round_prompts=round_prompts,
    )
    own_weighing, partner_weighing = selectors.weighing_seen_in(
        round_=round_, viewer=request.user, viewer_submission=submission
    )
    # The person's own private safety answers: only for their form and their support note.
    own_safety = (
        selectors.own_safety_answers(round_=round_, person=request.user) if submission else []
    )
    if form is None and can_answer:
        form = _checkin_form(
            round_,
            own=own,
            own_safety=own_safety,
            own_weighing=own_weighing,
            data=None,
            round_prompts=round_prompts,
        )
    care_note = (
        care_note_due(submission=submission, own_answers=own, safety_answers=own_safety)
        if submission
        else ""
    )
    suggestions = (
        selectors.suggestions_for(round_=round_, person=request.user) if submission else []
    )
    return {
        "round": round_,
        "form": form,
        "own_answers": own,
        "side_by_side": selectors.side_by_side(
            round_prompts=round_prompts, own=own, others=partner_answers
        ),
        "partner_name": selectors.partner_name_of(round_) or gettext("Your partner"),
        "submission": submission,
        "is_couple_round": round_.schedule.couple_id is not None,
        # The talk opens to the viewer with the reveal (talks.selectors.talk_round_for_user).
        "talk_open": round_.schedule.couple_id is not None
        and selectors.reveal_allowed(round_=round_, viewer_submission=submission),
        "can_answer": can_answer,
        "partner_answers": partner_answers,
        "own_weighing": own_weighing,
        "partner_weighing": partner_weighing,
        "practice": suggestions[0].practice if suggestions else None,  # MAX_SUGGESTIONS is 1
        "care_note": care_note,
        "local_resources": local_resources_text() if care_note else "",
    }


def _checkin_form(
    round_, *, own: list, own_safety: list, data, own_weighing=None, round_prompts=None
) -> CheckinForm:
    is_couple_round = round_.schedule.couple_id is not None
    return CheckinForm(
        data,
        round_prompts=round_prompts or selectors.round_prompts_of(round_),
        existing_answers={answer.prompt_id: answer for answer in own},
        can_share=is_couple_round,
        # Asked in every round of a couple; a journal has nobody to feel unsafe with here.
        safety_questions=safety_questions_asked() if is_couple_round else (),
        existing_safety={answer.question_id: answer.choice_id for answer in own_safety},
        existing_weighing=own_weighing,
    )


# Every field of the form is an answer (scores, notes, share switches): an error report shows
# none of them.
@sensitive_post_parameters()
@never_cache
@login_required
def round_detail(request: HttpRequest, code: str) -> HttpResponse:
    round_ = selectors.get_round_for_user(code, request.user)
    is_participant = round_.viewer_is_participant
    can_answer = is_participant and round_.is_open()
    if request.method == "POST":
        return _round_submit(request, round_, is_participant=is_participant, can_answer=can_answer)
    return render(
        request, "checkins/round.html", _round_context(request, round_, can_answer=can_answer)
    )


def _round_submit(
    request: HttpRequest, round_, *, is_participant: bool, can_answer: bool
) -> HttpResponse:
    if not is_participant:
        messages.error(request, gettext("This check-in is closed; answers can no longer change."))
        return redirect("round_detail", code=round_.code)
    # A bound form shows what was posted: the saved answers are read only if it is refused.
    form = _checkin_form(round_, own=[], own_safety=[], data=request.POST)
    if not can_answer:
        # Closed while the person was typing: nothing is saved, and what they typed stays on
        # the page for them to keep elsewhere.
        form.is_valid()
        form.add_error(None, gettext("This check-in has closed, so these answers were not saved."))
    elif form.is_valid():
        try:
            services.checkin_submit(
                round_=round_,
                person=request.user,
                answers=form.answer_inputs(),
                safety=form.safety_inputs(),
                weighing=form.weighing_input(),
                round_prompts=form.round_prompts,
            )
        except services.CheckinError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                gettext("Your answers are saved. You can change them until the check-in closes."),
            )
            return redirect("round_detail", code=round_.code)
    return render(
        request,
        "checkins/round.html",
        _round_context(request, round_, can_answer=can_answer, form=form),
        status=400,
    )


@login_required
@require_POST
def care_note_dismiss(request: HttpRequest, code: str) -> HttpResponse:
    round_ = selectors.get_round_for_user(code, request.user)
    if round_.viewer_submission is not None:
        services.care_note_dismiss(submission=round_.viewer_submission)
    return redirect("round_detail", code=round_.code)


@login_required
def schedule_edit(request: HttpRequest) -> HttpResponse:
    schedule = selectors.schedule_for_person(request.user)
    # The form gets a copy: validating copies its good fields onto its instance, and the
    # summary beside a refused form must show the schedule as saved, not half the edit.
    # The day and time as they fall in the person's own zone, which saving makes the schedule's.
    here = timezone.localtime(schedule.slot_ahead)
    form = ScheduleForm(
        request.POST if request.method == "POST" else None,
        instance=copy.copy(schedule),
        initial={"weekday": here.weekday(), "time_of_day": here.time()},
    )
    if request.method == "POST" and form.is_valid():
        services.schedule_update(schedule=schedule, by=request.user, **form.cleaned_data)
        messages.success(request, gettext("The schedule is saved."))
        return redirect("schedule_edit")
    return render(
        request,
        "checkins/schedule.html",
        {
            "form": form,
            "schedule": schedule,
            "next_checkin": selectors.schedule_next_checkin(schedule, viewer=request.user),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def schedule_skip_next(request: HttpRequest) -> HttpResponse:
    schedule = selectors.schedule_for_person(request.user)
    skipped = services.round_skip_next(schedule=schedule)
    day = format_local(skipped.opens_at, "WEEKDAY_DATE_FORMAT")
    if schedule.couple_id is not None:
        text = gettext("The check-in of %(day)s is skipped for both of you.")
    else:
        text = gettext("The check-in of %(day)s is skipped.")
    messages.success(request, text % {"day": day})
    return redirect("schedule_edit")


@never_cache
@login_required
def history(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.history_page_rounds(request.user), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    entries = selectors.history_entries(page.object_list)
    return render(request, "checkins/history.html", {"page": page, "entries": entries})
