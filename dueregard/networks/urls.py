from django.urls import path

from . import views

app_name = "networks"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.network_create, name="network-create"),
    path("<int:pk>/", views.network_detail, name="network"),
    path("<int:pk>/chairs/", views.chair_add, name="chair-add"),
    path("chairs/<int:pk>/remove/", views.chair_remove, name="chair-remove"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/groups/new/", views.affiliation_add, name="affiliation-add"),
    path("<int:pk>/meetings/new/", views.meeting_add, name="meeting-add"),
]
