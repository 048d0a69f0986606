from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.connections import views

app_name = "connections"
urlpatterns = [
    path(_("connections/"), views.connection_list, name="connection-list"),
    path(_("connections/<int:pk>/"), views.connection_detail, name="connection-detail"),
    path(_("connections/<int:pk>/answer/"), views.connection_answer, name="connection-answer"),
    path(
        _("connections/<int:pk>/visits/new/"), views.study_visit_create, name="study-visit-create"
    ),
    path(_("connections/visits/<int:pk>/"), views.study_visit_edit, name="study-visit-edit"),
    path(
        _("connections/visits/<int:pk>/report/"),
        views.study_visit_report,
        name="study-visit-report",
    ),
    path(_("cities/<slug:slug>/peers/"), views.recommendations, name="recommendations"),
    path(
        _("cities/<slug:slug>/connections/new/"), views.connection_create, name="connection-create"
    ),
]
