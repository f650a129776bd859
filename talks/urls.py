from django.urls import path

from . import views

urlpatterns = [
    path("checkin/<str:code>/talk/", views.talk, name="talk"),
    path("checkin/<str:code>/talk/agreement/", views.agreement_edit, name="talk_agreement"),
    path("checkin/<str:code>/talk/topic/", views.topic_edit, name="talk_topic"),
    path("checkin/<str:code>/talk/skip/", views.talk_skip, name="talk_skip"),
]
