from django.urls import path

from . import views

app_name = "publishing"

urlpatterns = [
    path("requests/", views.requests_list, name="requests"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("<slug:kind>/<str:slug>/request/", views.request_format, name="request-format"),
    path("<slug:kind>/<str:slug>/request/sent/", views.request_sent, name="request-sent"),
]
