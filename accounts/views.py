from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .forms import ProfileForm
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
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("profile")
    return render(
        request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200
    )
