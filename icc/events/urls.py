from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.events import views

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
]
