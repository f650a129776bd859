from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("account/signed-in/", views.signed_in, name="signed_in"),
    # The installable app (issue 22).
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
