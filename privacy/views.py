import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from security.models import SecurityEvent
from security.services import security_event_record

from .selectors import personal_data_export
from .services import account_delete


@login_required
def your_data(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/your_data.html")


@never_cache
@login_required
@reauthentication_required
def export(request: HttpRequest) -> HttpResponse:
    data = personal_data_export(request.user)
    security_event_record(request=request, user=request.user, kind=SecurityEvent.Kind.DATA_EXPORTED)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    filename = f"check-in-export-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@reauthentication_required
def delete_account(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        account_delete(user=request.user)
        logout(request)
        messages.success(request, _("Your account and everything in it have been deleted."))
        return redirect("home")
    return render(request, "privacy/delete_account.html")
