from django.urls import path

from . import views

urlpatterns = [
    path("account/calendar/", views.calendar_settings, name="calendar_settings"),
    path("account/calendar/new/", views.calendar_address_new, name="calendar_address_new"),
    path("account/calendar/off/", views.calendar_turn_off, name="calendar_turn_off"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
