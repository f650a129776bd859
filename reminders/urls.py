from django.urls import path

from . import views

urlpatterns = [
    path("reminders/off/<str:token>/", views.unsubscribe, name="reminders_unsubscribe"),
]
