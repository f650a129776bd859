import json

from allauth.account import views as allauth_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from security.selectors import device_label

from .forms import ProfileForm, PushSubscriptionForm
from .models import PushDevice
from .services import push_device_register
from .time_zones import time_zone_for_languages


class SignupView(allauth_views.SignupView):
    """allauth's sign-up, with the time zone preselected from the browser's languages, so that
    without JavaScript a person in Vienna does not start on UTC unawares."""

    def get_initial(self) -> dict:
        return {
            **super().get_initial(),
            "time_zone": time_zone_for_languages(self.request.META.get("HTTP_ACCEPT_LANGUAGE", "")),
        }


@login_required
def account_index(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/index.html")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(
        request.POST if request.method == "POST" else None, instance=request.user.profile
    )
    if request.method == "POST" and form.is_valid():
        profile = form.save()
        # The message, and every page from the next one on, in the language just chosen.
        translation.activate(profile.language)
        request.LANGUAGE_CODE = profile.language
        messages.success(request, _("Your profile is saved."))
        return redirect("profile")
    return render(
        request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def push_devices(request: HttpRequest) -> HttpResponse:
    """Reminders by notification: the devices that get them, and (with script, where the
    browser has web push) a button that adds this one."""
    return render(
        request,
        "accounts/push_devices.html",
        {
            "devices": PushDevice.objects.filter(person=request.user).order_by("created_at"),
            "push_enabled": settings.WEBPUSH_ENABLED,
            "vapid_public_key": settings.VAPID_PUBLIC_KEY,
        },
    )


@login_required
@require_POST
def push_device_add(request: HttpRequest) -> HttpResponse:
    """The subscription this browser's push service gave it (PushSubscription.toJSON()), posted
    by static/js/push-subscribe.js after the person pressed the button and allowed it."""
    if not settings.WEBPUSH_ENABLED:
        return JsonResponse({"error": "Notifications are not available on this site."}, status=404)
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        payload = None
    keys = payload.get("keys") if isinstance(payload, dict) else None
    form = PushSubscriptionForm(
        {
            "endpoint": payload.get("endpoint"),
            "p256dh": keys.get("p256dh"),
            "auth": keys.get("auth"),
        }
        if isinstance(keys, dict)
        else None
    )
    if not form.is_valid():
        return JsonResponse(
            {"error": "This browser sent a subscription we cannot use."}, status=400
        )
    device = push_device_register(
        person=request.user,
        label=device_label(request.headers.get("User-Agent", "")),
        session_key=request.session.session_key or "",
        **form.cleaned_data,
    )
    return JsonResponse({"id": device.pk, "label": device.label}, status=201)


@login_required
@require_POST
def push_device_remove(request: HttpRequest, device_id: int) -> HttpResponse:
    device = get_object_or_404(PushDevice, pk=device_id, person=request.user)
    device.delete()
    messages.success(
        request, _("%(device)s will get no more notifications.") % {"device": device.label}
    )
    return redirect("push_devices")
