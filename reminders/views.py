from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .services import reminders_turn_off, unsubscribe_link_is_current


# The random token is the credential here, and mail providers' one-click unsubscribe
# (RFC 8058) posts without a CSRF token; turning reminders off is the only effect.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        if not reminders_turn_off(token=token):
            return render(request, "reminders/unsubscribe.html", {"invalid": True}, status=400)
        return render(request, "reminders/unsubscribe.html", {"done": True})
    if not unsubscribe_link_is_current(token):
        return render(request, "reminders/unsubscribe.html", {"invalid": True}, status=400)
    # A GET only asks: link scanners in mail systems open links without meaning to.
    return render(request, "reminders/unsubscribe.html", {})
