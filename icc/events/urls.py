from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.events import views, views_registrations

app_name = "events"
urlpatterns = [
    path(_("events/"), views.event_list, name="event-list"),
    path(_("events/past/"), views.event_past_list, name="event-past-list"),
    path(_("events/new/"), views.event_create, name="event-create"),
    path(_("events/calendar.ics"), views.event_calendar, name="event-calendar"),
    path(_("events/<int:pk>/"), views.event_detail, name="event-detail"),
    path(_("events/<int:pk>/edit/"), views.event_edit, name="event-edit"),
    path(_("events/<int:pk>/publish/"), views.event_publish, name="event-publish"),
    path(_("events/<int:pk>/cancel/"), views.event_cancel, name="event-cancel"),
    path(_("events/<int:pk>/event.ics"), views.event_ics, name="event-ics"),
    path(_("events/<int:pk>/register/"), views_registrations.event_register, name="event-register"),
    path(
        _("events/<int:pk>/registrations/"),
        views_registrations.event_registrations,
        name="event-registrations",
    ),
    path(
        _("events/<int:pk>/registrations/<int:registration_pk>/attendance/"),
        views_registrations.registration_attendance,
        name="registration-attendance",
    ),
    path(_("events/<int:pk>/check-in/"), views_registrations.event_check_in, name="event-check-in"),
    path(_("events/<int:pk>/sessions/new/"), views_registrations.session_add, name="session-add"),
    path(
        _("events/<int:pk>/sessions/<int:session_pk>/remove/"),
        views_registrations.session_remove,
        name="session-remove",
    ),
    path(
        _("events/<int:pk>/documents/new/"), views_registrations.document_add, name="document-add"
    ),
    path(
        _("events/registrations/<int:pk>/cancel/"),
        views_registrations.registration_cancel,
        name="registration-cancel",
    ),
    path(
        _("events/registrations/<int:pk>/certificate.pdf"),
        views_registrations.registration_certificate,
        name="registration-certificate",
    ),
]
