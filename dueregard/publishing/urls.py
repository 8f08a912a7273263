from django.urls import path

from . import views

app_name = "publishing"

urlpatterns = [
    path("requests/", views.requests_list, name="requests"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("contact/", views.contact, name="contact"),
    path("<slug:kind>/<str:slug>/request/", views.request_format, name="request-format"),
    path("<slug:kind>/<str:slug>/request/sent/", views.request_sent, name="request-sent"),
    # a11y: the Easy Read version and translations of a published page
    path("<slug:kind>/<str:slug>/manage/", views.manage, name="manage"),
    path("<slug:kind>/<str:slug>/download/<slug:fmt>/", views.download, name="download"),
    path("<slug:kind>/<str:slug>/easy-read/", views.easy_read_page, name="easy-read"),
    path("<slug:kind>/<str:slug>/easy-read/pdf/", views.easy_read_pdf, name="easy-read-pdf"),
    path("<slug:kind>/<str:slug>/easy-read/edit/", views.easy_read_edit, name="easy-read-edit"),
    path(
        "<slug:kind>/<str:slug>/easy-read/publish/",
        views.easy_read_publish,
        name="easy-read-publish",
    ),
    path(
        "<slug:kind>/<str:slug>/translations/export/",
        views.translation_export,
        name="translation-export",
    ),
    path(
        "<slug:kind>/<str:slug>/translations/import/",
        views.translation_import,
        name="translation-import",
    ),
    path(
        "<slug:kind>/<str:slug>/translations/<slug:language>/",
        views.translation_page,
        name="translation",
    ),
    path(
        "<slug:kind>/<str:slug>/translations/<slug:language>/review/",
        views.translation_review,
        name="translation-review",
    ),
    path(
        "<slug:kind>/<str:slug>/translations/<slug:language>/publish/",
        views.translation_publish,
        name="translation-publish",
    ),
    path(
        "<slug:kind>/<str:slug>/translations/<slug:language>/<slug:fmt>/",
        views.translation_download,
        name="translation-download",
    ),
]
