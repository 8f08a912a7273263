from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/new/", views.round_create, name="round-create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round-edit"),
    path("rounds/<int:pk>/my-conflicts/", views.judge_conflicts, name="judge-conflicts"),
    path("rounds/<int:pk>/categories/new/", views.category_create, name="category-create"),
    path("rounds/<int:pk>/judges/new/", views.judge_add, name="judge-add"),
    path("rounds/<int:pk>/conflicts/new/", views.conflict_record, name="conflict-record"),
    path("rounds/<int:pk>/judging/", views.judging_list, name="judging"),
    path("rounds/<int:pk>/reach/", views.reach, name="reach"),
    path("rounds/<int:pk>/results/", views.results, name="results"),
    path("rounds/<int:pk>/announce/", views.announce, name="announce"),
    path("rounds/<int:pk>/finalise/", views.finalise, name="finalise"),
    path("rounds/<int:pk>/<str:kind>.<str:fmt>", views.export, name="export"),
    path("categories/<int:pk>/questions/new/", views.question_create, name="question-create"),
    path("questions/<int:pk>/edit/", views.question_edit, name="question-edit"),
    path("categories/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination-edit"),
    path("nominations/<int:pk>/resend/", views.resend_consent, name="resend-consent"),
    path("nominations/<int:pk>/score/", views.score, name="score"),
    path("nominations/<int:pk>/conflict/", views.declare_conflict, name="declare-conflict"),
    path("nominations/<int:pk>/decide/", views.decide, name="decide"),
    path("nominations/<int:pk>/blind-preview/", views.preview, name="blind-preview"),
    path("nominations/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("consent/<str:token>/", views.consent, name="consent"),
    path("citation/<str:token>/", views.citation, name="citation"),
    path("winners/<slug:slug>/", views.winners, name="winners"),
]
