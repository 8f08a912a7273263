from django.urls import path

from . import views
from .views import panel

app_name = "eds"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("objectives/", views.objectives, name="objectives"),
    path("system/", views.system_view, name="system"),
    path("system/grades.csv", views.system_csv, name="system-csv"),
    path("import/", views.import_report, name="import"),
    path("import/review/", views.import_review, name="import-review"),
    path("import/status/", views.import_status, name="import-status"),
    path("import/confirm/", views.import_confirm, name="import-confirm"),
    path("published/<uuid:slug>/", views.public_report, name="public-report"),
    path("published/<uuid:slug>/download.<str:fmt>", views.public_download, name="public-download"),
    path(
        "published/<uuid:slug>/evidence/<int:evidence_pk>/",
        views.public_evidence,
        name="public-evidence",
    ),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/stage/", views.move_stage, name="stage"),
    path("<int:pk>/services/new/", views.add_service, name="add-service"),
    path("<int:pk>/services/<int:service_pk>/", views.edit_service, name="edit-service"),
    path("<int:pk>/services/<int:service_pk>/remove/", views.remove_service, name="remove-service"),
    path("<int:pk>/coverage/", views.coverage, name="coverage"),
    # Staff networks named as local interests on the panel (issue 19, ADR 0046)
    path("<int:pk>/local-interests/new/", panel.add_local_interest, name="add-local-interest"),
    path(
        "<int:pk>/local-interests/<int:interest_pk>/remove/",
        panel.remove_local_interest,
        name="remove-local-interest",
    ),
    path("<int:pk>/checks/", views.check_list, name="checks"),
    path("<int:pk>/sign-off/", views.sign_off, name="sign-off"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/plan/", views.action_plan, name="plan"),
    path("<int:pk>/plan/carry-over/", views.carry_over, name="carry-over"),
    path("<int:pk>/plan/<int:action_pk>/", views.edit_action, name="edit-action"),
    path("<int:pk>/plan/<int:action_pk>/remove/", views.remove_action, name="remove-action"),
    path("<int:pk>/plan/<int:action_pk>/status/", views.action_status, name="action-status"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report/download.<str:fmt>", views.download, name="download"),
    path("<int:pk>/outcomes/<str:code>/", views.outcome, name="outcome"),
    path("<int:pk>/outcomes/<str:code>/evidence/", views.add_evidence, name="add-evidence"),
    path("<int:pk>/outcomes/<str:code>/lead/", views.set_lead, name="set-lead"),
    path("<int:pk>/outcomes/<str:code>/lead/remove/", views.remove_lead, name="remove-lead"),
    path("<int:pk>/outcomes/<str:code>/grade/", views.grade, name="grade"),
    path(
        "<int:pk>/gradings/<int:grading_pk>/reasons-publication/",
        views.reasons_publication,
        name="reasons-publication",
    ),
    path(
        "<int:pk>/outcomes/<str:code>/register-evidence/",
        views.add_register_evidence,
        name="add-register-evidence",
    ),
    path(
        "<int:pk>/outcomes/<str:code>/population-evidence/",
        views.add_population_evidence,
        name="add-population-evidence",
    ),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.edit_evidence, name="edit-evidence"),
    path("<int:pk>/evidence/<int:evidence_pk>/file/", views.evidence_file, name="evidence-file"),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/remove/", views.remove_evidence, name="remove-evidence"
    ),
]
