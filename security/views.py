from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .selectors import recent_security_events


@login_required
def security_log(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "security/log.html",
        {
            "events": recent_security_events(request.user),
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
    messages.success(request, "That device is signed out.")
    return redirect("usersessions_list")
