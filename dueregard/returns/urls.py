from django.urls import path

from . import system_views, views

app_name = "returns"

urlpatterns = [
    path("", views.index, name="index"),
    path("system/", system_views.system_view, name="system"),
    path("gender-pay-gap/", views.gender_pay_gap, name="gpg"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/survey/", views.survey, name="survey"),
    path("<int:pk>/board/", views.board, name="board"),
    path("<int:pk>/board/upload/", views.board_upload, name="board-upload"),
    path("<int:pk>/board/<int:seat>/remove/", views.seat_remove, name="seat-remove"),
    path("<int:pk>/analysis/", views.analysis, name="analysis"),
    path("<int:pk>/validate/", views.validate, name="validate"),
    path("<int:pk>/narrative/<str:code>/", views.narrative, name="narrative"),
    path("<int:pk>/actions/new/", views.action_new, name="action-new"),
    path("<int:pk>/actions/<int:action>/done/", views.action_done, name="action-done"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/download/<str:fmt>/", views.download, name="download"),
    path("published/<slug:slug>/", views.public, name="public"),
    path("published/<slug:slug>/<str:fmt>/", views.public_download, name="public-download"),
]
