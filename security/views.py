from allauth.account.decorators import reauthentication_required
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .selectors import security_log_for


@login_required
# Months of addresses say where someone has been (a friend's home, a shelter): not for whoever
# holds the unlocked phone for a minute.
@reauthentication_required
def security_log(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "security/log.html",
        {
            "log": security_log_for(request.user),
            "retention_days": settings.SECURITY_LOG_RETENTION_DAYS,
        },
    )


@login_required
@require_POST
def session_end(request: HttpRequest, session_id: int) -> HttpResponse:
    """End one signed-in device of the person's own (allauth's page ends all the others)."""
    session = get_object_or_404(UserSession, pk=session_id, user=request.user)
    if session.is_current():
        logout(request)
        return redirect("home")
    session.end()
    messages.success(request, _("That device is signed out."))
    return redirect("usersessions_list")
