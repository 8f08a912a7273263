from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.index, name="index"),
    path("series/new/", views.series_create, name="series-create"),
    path("series/<int:pk>/", views.series_detail, name="series"),
    path("series/<int:pk>/edit/", views.series_edit, name="series-edit"),
    path("series/<int:pk>/cancel/", views.series_cancel, name="series-cancel"),
    path("series/<int:pk>/sessions/new/", views.session_create, name="session-create"),
    path("series/<int:pk>/reach/", views.reach, name="reach"),
    path("series/<int:pk>/feedback/", views.series_feedback, name="series-feedback"),
    path("series/<int:pk>/attendees.<str:fmt>", views.series_export, name="series-export"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session-cancel"),
    path("sessions/<int:pk>/book/", views.book, name="book"),
    path("sessions/<int:pk>/attendees/", views.attendees, name="attendees"),
    path("sessions/<int:pk>/check-in/", views.check_in, name="check-in"),
    path("sessions/<int:pk>/message/", views.message, name="message"),
    path("sessions/<int:pk>/invite/", views.invite, name="invite"),
    path("sessions/<int:pk>/feedback/", views.session_feedback, name="session-feedback"),
    path("sessions/<int:pk>/attendees.<str:fmt>", views.session_export, name="session-export"),
    path("sessions/<int:pk>/agenda/", views.agenda, name="agenda"),
    path("agenda/<int:pk>/remove/", views.agenda_remove, name="agenda-remove"),
    path("bookings/<int:pk>/", views.booking_detail, name="booking"),
    path("bookings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("bookings/<int:pk>/accept/", views.accept, name="accept"),
    path("bookings/<int:pk>/move/", views.move, name="move"),
    path("bookings/<int:pk>/remove/", views.remove, name="remove"),
    path("bookings/<int:pk>/calendar.ics", views.calendar, name="calendar"),
    path("bookings/<int:pk>/feedback/", views.evaluate, name="evaluate"),
    path("bookings/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
]
