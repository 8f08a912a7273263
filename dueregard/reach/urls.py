from django.urls import path

from . import views

app_name = "reach"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("wres-4/", views.training, name="wres4"),
]
