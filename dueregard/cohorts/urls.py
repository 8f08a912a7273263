from django.urls import path

from . import views

app_name = "cohorts"

urlpatterns = [
    path("", views.index, name="index"),
    path("programmes/new/", views.programme_create, name="programme-create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("programmes/<int:pk>/cohorts/new/", views.cohort_create, name="cohort-create"),
    path("programmes/<int:pk>/reach/", views.reach, name="reach"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort"),
    path("cohorts/<int:pk>/apply/", views.apply, name="apply"),
    path("cohorts/<int:pk>/applications/", views.applications, name="applications"),
    path("cohorts/<int:pk>/panel/", views.panel, name="panel"),
    path("cohorts/<int:pk>/modules/new/", views.module_create, name="module-create"),
    path("modules/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("applications/<int:pk>/respond/", views.respond, name="respond"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/review/", views.review, name="review"),
    path("applications/<int:pk>/project/", views.project, name="project"),
    path("applications/<int:pk>/complete/", views.complete, name="complete"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone-done"),
    path("follow-ups/<int:pk>/", views.follow_up, name="follow-up"),
    path("support/<str:token>/", views.support, name="support"),
]
