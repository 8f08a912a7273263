from django.urls import path

from . import views

app_name = "leadership"

urlpatterns = [
    path("", views.index, name="index"),
    path("download.<slug:fmt>", views.download, name="download"),
    path("objectives/", views.objectives, name="objectives"),
    path("objectives/<int:pk>/remove/", views.remove_measure, name="remove-measure"),
]
