from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from checkins.selectors import partner_name_of

from . import selectors, services
from .forms import AgreementForm, TopicForm

NOT_YET = _("Your talk opens once your own answers are in.")
ENDED = _("You are no longer linked, so this talk stays as it was.")


def _talk_round(request: HttpRequest, code: str, *, to_change: bool = False):
    """The round, or a redirect with a message: to the check-in while the talk is not open to
    this person yet, back to the talk when (`to_change`) the couple has ended."""
    try:
        round_ = selectors.talk_round_for_user(code, request.user)
    except selectors.TalkNotYet:
        messages.info(request, NOT_YET)
        return redirect("round_detail", code=code)
    if to_change and not round_.viewer_is_participant:
        messages.error(request, ENDED)
        return redirect("talk", code=code)
    return round_


def _context(
    request: HttpRequest,
    round_,
    *,
    agreement_form: AgreementForm | None = None,
    topic_form: TopicForm | None = None,
    refused_text: str = "",
) -> dict:
    partner_name = partner_name_of(round_) or gettext("Your partner")
    topics = selectors.topics_of(round_)
    agreement = selectors.agreement_of(round_)
    own_topic = next((t.text for t in topics if t.person_id == request.user.pk), "")
    return {
        "round": round_,
        "partner_name": partner_name,
        "agenda": selectors.agenda_for(
            round_, viewer=request.user, partner_name=partner_name, topics=topics
        ),
        "agreement": agreement if agreement and agreement.version else None,
        "agreement_form": agreement_form
        or AgreementForm(
            initial={
                "text": agreement.text if agreement else "",
                "version": agreement.version if agreement else 0,
            },
            prefix="agreement",
        ),
        "topic_form": topic_form or TopicForm(initial={"text": own_topic}, prefix="topic"),
        "refused_text": refused_text,
        "skipped": selectors.has_skipped(round_, request.user),
        # Nothing new passes between two people after they unlink: the page is read-only.
        "can_change": round_.viewer_is_participant,
    }


@never_cache
@login_required
def talk(request: HttpRequest, code: str) -> HttpResponse:
    round_ = _talk_round(request, code)
    if isinstance(round_, HttpResponse):
        return round_
    return render(request, "talks/talk.html", _context(request, round_))


# The agreement is a note: an error report shows none of it.
@sensitive_post_parameters()
@login_required
@require_POST
def agreement_edit(request: HttpRequest, code: str) -> HttpResponse:
    round_ = _talk_round(request, code, to_change=True)
    if isinstance(round_, HttpResponse):
        return round_
    form = AgreementForm(request.POST, prefix="agreement")
    if form.is_valid():
        try:
            services.agreement_save(
                round_=round_,
                person=request.user,
                text=form.cleaned_data["text"],
                version=form.cleaned_data["version"],
            )
        except services.StaleAgreement as stale:
            newer = AgreementForm(
                initial={"text": stale.current.text, "version": stale.current.version},
                prefix="agreement",
            )
            context = _context(
                request, round_, agreement_form=newer, refused_text=form.cleaned_data["text"]
            )
            return render(request, "talks/talk.html", context, status=409)
        except services.TalkError as error:
            form.add_error("text", error.message)
        else:
            messages.success(request, gettext("Saved what you agreed. Your partner sees it now."))
            return redirect("talk", code=code)
    context = _context(request, round_, agreement_form=form)
    return render(request, "talks/talk.html", context, status=400)


@sensitive_post_parameters()
@login_required
@require_POST
def topic_edit(request: HttpRequest, code: str) -> HttpResponse:
    round_ = _talk_round(request, code, to_change=True)
    if isinstance(round_, HttpResponse):
        return round_
    form = TopicForm(request.POST, prefix="topic")
    if form.is_valid():
        try:
            services.topic_set(round_=round_, person=request.user, text=form.cleaned_data["text"])
        except services.TalkError as error:
            form.add_error("text", error.message)
        else:
            return redirect("talk", code=code)
    context = _context(request, round_, topic_form=form)
    return render(request, "talks/talk.html", context, status=400)


@login_required
@require_POST
def talk_skip(request: HttpRequest, code: str) -> HttpResponse:
    round_ = _talk_round(request, code, to_change=True)
    if isinstance(round_, HttpResponse):
        return round_
    try:
        services.talk_skip(
            round_=round_, person=request.user, skip=request.POST.get("skip") != "false"
        )
    except services.TalkError as error:
        messages.error(request, error.message)
    return redirect("talk", code=code)
