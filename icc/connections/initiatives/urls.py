"""URLs of common initiatives, included by ``icc/connections/urls.py`` (issue 17)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.connections.initiatives import views

urlpatterns = [
    path(_("initiatives/"), views.initiative_list, name="initiative-list"),
    path(_("initiatives/new/"), views.initiative_create, name="initiative-create"),
    path(_("initiatives/overview/"), views.initiative_overview, name="initiative-overview"),
    path(_("initiatives/<int:pk>/"), views.initiative_detail, name="initiative-detail"),
    path(_("initiatives/<int:pk>/accept/"), views.initiative_accept, name="initiative-accept"),
    path(_("initiatives/<int:pk>/members/"), views.member_add, name="initiative-member-add"),
    path(_("initiatives/<int:pk>/status/"), views.initiative_status, name="initiative-status"),
    path(_("initiatives/<int:pk>/publish/"), views.initiative_publish, name="initiative-publish"),
    path(
        _("initiatives/<int:pk>/workspace/"),
        views.initiative_workspace,
        name="initiative-workspace",
    ),
    path(
        _("initiatives/outputs/<int:pk>/practice/<slug:slug>/"),
        views.output_practice,
        name="initiative-output-practice",
    ),
    path(_("initiatives/<int:pk>/page/"), views.initiative_public, name="initiative-public"),
    path(_("initiatives/<int:pk>/edit/"), views.initiative_edit, name="initiative-edit"),
    path(_("initiatives/<int:pk>/withdraw/"), views.interest_withdraw, name="initiative-withdraw"),
    path(_("initiatives/<int:pk>/role/"), views.member_role, name="initiative-role"),
    path(_("initiatives/packages/<int:pk>/"), views.package_detail, name="initiative-package"),
    path(_("initiatives/documents/<int:pk>/"), views.document_detail, name="initiative-document"),
    path(_("initiatives/outputs/<int:pk>/edit/"), views.output_edit, name="initiative-output-edit"),
    path(_("initiatives/<int:pk>/leave/"), views.member_leave, name="initiative-leave"),
    path(_("initiatives/<int:pk>/outputs/new/"), views.output_new, name="initiative-output-new"),
    path(_("initiatives/<int:pk>/meetings/new/"), views.meeting_new, name="initiative-meeting-new"),
    path(
        _("initiatives/<int:pk>/meetings.ics"),
        views.meetings_ics,
        name="initiative-meetings-ics",
    ),
    path(
        _("initiatives/meetings/<int:pk>/edit/"), views.meeting_edit, name="initiative-meeting-edit"
    ),
    path(
        _("initiatives/meetings/<int:pk>/cancel/"),
        views.meeting_cancel,
        name="initiative-meeting-cancel",
    ),
    path(
        _("initiatives/meetings/<int:pk>/meeting.ics"),
        views.meeting_ics,
        name="initiative-meeting-ics",
    ),
]
