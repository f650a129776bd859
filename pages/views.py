from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from couples.selectors import active_couple_for, partner_of


def home(request: HttpRequest) -> HttpResponse:
    context = {}
    if request.user.is_authenticated:
        couple = active_couple_for(request.user)
        partner = partner_of(couple=couple, user=request.user) if couple else None
        context["partner_name"] = partner.profile.display_name if partner else None
    return render(request, "pages/home.html", context)


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/privacy.html",
        {
            "security_log_retention_days": settings.SECURITY_LOG_RETENTION_DAYS,
            "invitation_address_retention_days": settings.INVITATION_ADDRESS_RETENTION_DAYS,
        },
    )
