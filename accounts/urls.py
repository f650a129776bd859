from django.urls import path

from . import views

urlpatterns = [
    path("account/", views.account_index, name="account_index"),
    path("profile/", views.profile, name="profile"),
    # Before allauth's own sign-up page at the same address (intimacy.urls includes this first).
    path("accounts/signup/", views.SignupView.as_view()),
]
