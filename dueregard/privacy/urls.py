from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.index, name="index"),
    path("record.csv", views.record_csv, name="record-csv"),
    path("dpia.md", views.dpia, name="dpia"),
    path("people/", views.find, name="find"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/export.json", views.export_json, name="export-json"),
    path("people/<int:pk>/export.pdf", views.export_pdf, name="export-pdf"),
    path("people/<int:pk>/correct/", views.correct, name="correct"),
    path("people/<int:pk>/erase/", views.erase, name="erase"),
]
