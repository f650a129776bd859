from django.urls import path

from . import views

urlpatterns = [
    path("checkin/", views.checkin_current, name="checkin"),
    path("checkin/history/", views.history, name="checkin_history"),
    path("checkin/schedule/", views.schedule_edit, name="schedule_edit"),
    path("checkin/schedule/skip-next/", views.schedule_skip_next, name="schedule_skip_next"),
    path("checkin/<str:code>/", views.round_detail, name="round_detail"),
    path(
        "checkin/<str:code>/care-note/dismiss/",
        views.care_note_dismiss,
        name="care_note_dismiss",
    ),
]
