from django.urls import path

from . import views

app_name = "population"

urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("areas/", views.areas, name="areas"),
]
