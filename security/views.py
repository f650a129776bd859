from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
