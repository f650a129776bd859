from django.urls import path

from . import views

urlpatterns = [
    path("account/security/", views.security_log, name="security_log"),
    path("account/sessions/<int:session_id>/end/", views.session_end, name="session_end"),
]
