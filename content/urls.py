from django.urls import path

from . import views

urlpatterns = [
    path("about/questions/", views.about_questions, name="about_questions"),
]
