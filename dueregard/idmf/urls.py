from django.urls import path

from . import views

app_name = "idmf"

urlpatterns = [
    path("", views.index, name="index"),
    path("overview/", views.overview, name="overview"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/screening/", views.screening, name="screening"),
    path("<int:pk>/steps/<slug:step>/", views.step, name="step"),
    path("<int:pk>/engagement/add/", views.add_engagement, name="add-engagement"),
    path("<int:pk>/actions/add/", views.add_action, name="add-action"),
    path("<int:pk>/sign-off/", views.sign_off, name="sign-off"),
    path("<int:pk>/committee/", views.committee_decision, name="committee"),
    path("<int:pk>/co-authors/", views.coauthors, name="coauthors"),
    path("co-authors/<int:pk>/remove/", views.remove_coauthor, name="remove-coauthor"),
    path("<int:pk>/partners/", views.partner_list, name="partners"),
    path("partners/<int:pk>/revoke/", views.revoke_partner, name="revoke-partner"),
    path("<int:pk>/steps/<slug:step>/comments/", views.add_comment, name="add-comment"),
    path("comments/<int:pk>/resolve/", views.resolve_comment, name="resolve-comment"),
    path("<int:pk>/history/", views.decision_history, name="history"),
    path("<int:pk>/copy/", views.copy_assessment, name="copy"),
    path("<int:pk>/import/", views.import_word, name="import"),
    path("imports/<int:pk>/", views.import_review, name="import-review"),
    path("<int:pk>/specialist-review/", views.specialist_review, name="specialist-review"),
    path(
        "assessments/<int:pk>/committee-summary/<slug:fmt>/",
        views.committee_summary,
        name="committee-summary",
    ),
    path("<int:pk>/review/", views.start_review, name="start-review"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("actions/<int:pk>/done/", views.complete_action, name="complete-action"),
    path("assessments/<int:pk>/", views.record, name="record"),
    path("assessments/<int:pk>/<slug:fmt>/", views.download, name="download"),
    path("public/<slug:slug>/", views.public_summary, name="public"),
]
