from django.urls import path

from . import views

urlpatterns = [
    path("partner/", views.partner, name="partner"),
    path("partner/invite/", views.invitation_create, name="invitation_create"),
    path("partner/invite/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("partner/join/<str:token>/", views.invitation_respond, name="invitation_respond"),
    path("partner/unlink/", views.unlink, name="unlink"),
]
