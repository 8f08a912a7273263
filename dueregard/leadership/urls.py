from django.urls import path

from . import views

app_name = "leadership"

urlpatterns = [
    path("", views.index, name="index"),
    # Fixed paths (no parameter): the download is the scope's, never an object's.
    path("download.csv", views.download, {"fmt": "csv"}, name="download-csv"),
    path("download.xlsx", views.download, {"fmt": "xlsx"}, name="download-xlsx"),
    path("objectives/", views.objectives, name="objectives"),
    path("objectives/<int:pk>/remove/", views.remove_measure, name="remove-measure"),
]
