from django.urls import path

from . import views

urlpatterns = [
    path("account/security/", views.security_log, name="security_log"),
]
