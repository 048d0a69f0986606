from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.commitment import views

app_name = "commitment"
urlpatterns = [
    path(_("commitment/cities/<slug:slug>/"), views.city_commitment, name="city-commitment"),
    path(
        _("commitment/cities/<slug:slug>/terms/new/"),
        views.office_term_create,
        name="office-term-create",
    ),
    path(
        _("commitment/cities/<slug:slug>/terms/<int:pk>/correct/"),
        views.office_term_correct,
        name="office-term-correct",
    ),
    path(
        _("commitment/cities/<slug:slug>/elections/new/"),
        views.election_create,
        name="election-create",
    ),
    path(
        _("commitment/cities/<slug:slug>/instruments/new/"),
        views.instrument_create,
        name="instrument-create",
    ),
    path(_("commitment/health/"), views.network_health, name="network-health"),
    path(_("commitment/tasks/"), views.task_list, name="task-list"),
    path(_("commitment/tasks/<int:pk>/"), views.task_detail, name="task-detail"),
    path(
        _("commitment/tasks/<int:pk>/briefing-pack/"),
        views.task_briefing_pack,
        name="task-briefing-pack",
    ),
    path(_("dashboard/"), views.dashboard_page, name="dashboard"),
    path(_("dashboard/export.csv"), views.dashboard_csv, name="dashboard-csv"),
]
