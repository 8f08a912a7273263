from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("programmes/new/", views.programme_create, name="programme-create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("programmes/<int:pk>/apply/", views.apply, name="apply"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme-edit"),
    path("programmes/<int:pk>/pause/", views.programme_pause, name="programme-pause"),
    path("programmes/<int:pk>/resume/", views.programme_resume, name="programme-resume"),
    path("programmes/<int:pk>/close/", views.programme_close, name="programme-close"),
    path("programmes/<int:pk>/evaluation/open/", views.evaluation_open, name="evaluation-open"),
    path("programmes/<int:pk>/applications/", views.applications, name="applications"),
    path("programmes/<int:pk>/match/", views.match, name="match"),
    path("programmes/<int:pk>/pairs/", views.pairs, name="pairs"),
    path("programmes/<int:pk>/pairs/accept/", views.accept_all, name="accept-all"),
    path("programmes/<int:pk>/introductions/", views.introductions, name="introductions"),
    path("programmes/<int:pk>/summary/", views.summary, name="summary"),
    path("programmes/<int:pk>/reach/", views.reach, name="reach"),
    path("programmes/<int:pk>/<str:kind>.<str:fmt>", views.export, name="export"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("pairs/<int:pk>/accept/", views.pair_accept, name="pair-accept"),
    path("pairs/<int:pk>/override/", views.pair_override, name="pair-override"),
    path("pairs/<int:pk>/swap/", views.pair_swap, name="pair-swap"),
    path("partnerships/<int:pk>/", views.partnership, name="partnership"),
    path("partnerships/<int:pk>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("partnerships/<int:pk>/end/", views.end, name="end"),
    path("partnerships/<int:pk>/evaluation/", views.evaluate, name="evaluate"),
]
