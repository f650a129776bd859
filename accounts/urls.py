from django.urls import path

from . import views

urlpatterns = [
    path("account/", views.account_index, name="account_index"),
    path("profile/", views.profile, name="profile"),
    path("profile/notifications/", views.push_devices, name="push_devices"),
    path("profile/notifications/add/", views.push_device_add, name="push_device_add"),
    path(
        "profile/notifications/<int:device_id>/remove/",
        views.push_device_remove,
        name="push_device_remove",
    ),
    # Before allauth's own sign-up page at the same address (intimacy.urls includes this first).
    path("accounts/signup/", views.SignupView.as_view()),
]
