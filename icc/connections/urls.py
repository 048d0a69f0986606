from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from icc.connections import views
from icc.connections.mentoring import agreement_views
from icc.connections.mentoring import views as mentoring

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
    # Mentoring from pilot cities (issue 16).
    path(_("mentoring/"), mentoring.scheme_list, name="scheme-list"),
    path(_("mentoring/new/"), mentoring.scheme_create, name="scheme-create"),
    path(_("mentoring/effect/"), mentoring.effect, name="mentoring-effect"),
    path(_("mentoring/pilot-cities/"), mentoring.mentor_list, name="mentor-list"),
    path(_("mentoring/pilot-cities/<slug:slug>/"), mentoring.mentor_edit, name="mentor-edit"),
    path(_("mentoring/<int:pk>/"), mentoring.scheme_detail, name="scheme-detail"),
    path(_("mentoring/<int:pk>/answer/"), mentoring.scheme_answer, name="scheme-answer"),
    path(_("mentoring/<int:pk>/agreement/"), mentoring.agreement_edit, name="agreement-edit"),
    path(_("mentoring/<int:pk>/sign/"), mentoring.agreement_sign, name="agreement-sign"),
    path(_("mentoring/<int:pk>/goals/new/"), mentoring.goal_create, name="goal-create"),
    path(
        _("mentoring/<int:pk>/milestones/new/"),
        mentoring.milestone_create,
        name="milestone-create",
    ),
    path(_("mentoring/milestones/<int:pk>/done/"), mentoring.milestone_done, name="milestone-done"),
    path(_("mentoring/goals/<int:pk>/"), agreement_views.goal_edit, name="goal-edit"),
    path(_("mentoring/goals/<int:pk>/remove/"), agreement_views.goal_remove, name="goal-remove"),
    path(
        _("mentoring/milestones/<int:pk>/"), agreement_views.milestone_edit, name="milestone-edit"
    ),
    path(
        _("mentoring/milestones/<int:pk>/remove/"),
        agreement_views.milestone_remove,
        name="milestone-remove",
    ),
    path(_("mentoring/cities/<int:pk>/network/"), mentoring.member_network, name="member-network"),
    path(_("mentoring/<int:pk>/check-ins/new/"), mentoring.checkin_create, name="checkin-create"),
    path(_("mentoring/<int:pk>/evaluation/"), mentoring.evaluation, name="evaluation"),
    path(_("mentoring/<int:pk>/report/"), mentoring.closing_report, name="closing-report"),
    path(_("mentoring/<int:pk>/report/publish/"), mentoring.report_publish, name="report-publish"),
    path(
        _("mentoring/<int:pk>/practice/<slug:slug>/"),
        mentoring.practice_draft,
        name="practice-draft",
    ),
    path(_("cities/<slug:slug>/mentors/"), mentoring.mentor_proposals, name="mentor-proposals"),
    path("", include("icc.connections.initiatives.urls")),  # common initiatives (issue 17)
]
