from django.urls import path

from . import views

urlpatterns = [
    path("account/data/", views.your_data, name="your_data"),
    path("account/data/export/", views.export, name="data_export"),
    path("account/delete/", views.delete_account, name="account_delete"),
]
