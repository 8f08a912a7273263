from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.start, name="start"),
    path("<int:pk>/", views.community, name="community"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/organisers/", views.organiser_add, name="organiser-add"),
    path("<int:pk>/workshops/new/", views.workshop_add, name="workshop-add"),
    path("<int:pk>/links/new/", views.link_add, name="link-add"),
    path("<int:pk>/files/new/", views.file_add, name="file-add"),
    path("resources/<int:pk>/file/", views.resource_file, name="resource-file"),
    path("resources/<int:pk>/remove/", views.resource_remove, name="resource-remove"),
    path("<int:pk>/announcements/", views.announcements, name="announcements"),
    path("<int:pk>/announcements/new/", views.announcement_add, name="announcement-add"),
]
