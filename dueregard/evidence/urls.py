from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("", views.index, name="index"),
    path("datasets/upload/", views.upload, name="upload"),
    path("datasets/<int:pk>/", views.dataset, name="dataset"),
    path("datasets/<int:pk>/mapping/", views.mapping, name="mapping"),
    path("datasets/<int:pk>/status.json", views.dataset_status, name="dataset-status"),
    path("datasets/<int:pk>/retry/", views.retry, name="retry"),
    path("analyses/<int:pk>/status.json", views.analysis_status, name="analysis-status"),
    path("datasets/<int:pk>/analyse/", views.analyse, name="analyse"),
    path("datasets/<int:pk>/delete-rows/", views.delete_rows, name="delete-rows"),
    path("analyses/<int:pk>/", views.analysis, name="analysis"),
    path("analyses/<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("analyses/<int:pk>/rerun/", views.rerun, name="rerun"),
    path("analyses/<int:pk>/attach/eds/", views.attach_eds, name="attach-eds"),
    path("analyses/<int:pk>/attach/decision/", views.attach_idmf, name="attach-idmf"),
]
