from django.urls import path

from . import views

urlpatterns = [
    path("trends/", views.our_trends, name="our_trends"),
    path("trends/mine/", views.my_trends, name="my_trends"),
    path("account/data/answers.csv", views.answers_csv, name="answers_csv"),
]
