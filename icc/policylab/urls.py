from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.policylab import views

app_name = "policylab"
urlpatterns = [
    path(_("policy-lab/"), views.home, name="home"),
    path(_("policy-lab/feed/"), views.UptakeFeed(), name="uptake-feed"),
    path(_("policy-lab/workspace/"), views.workspace, name="workspace"),
    path(_("policy-lab/stakeholders/"), views.stakeholder_list, name="stakeholder-list"),
    path(_("policy-lab/stakeholders/new/"), views.stakeholder_create, name="stakeholder-create"),
    path(
        _("policy-lab/stakeholders/<int:pk>/"),
        views.stakeholder_detail,
        name="stakeholder-detail",
    ),
    path(
        _("policy-lab/stakeholders/<int:pk>/edit/"),
        views.stakeholder_edit,
        name="stakeholder-edit",
    ),
    path(
        _("policy-lab/stakeholders/<int:pk>/merge/"),
        views.stakeholder_merge,
        name="stakeholder-merge",
    ),
    path(
        _("policy-lab/stakeholders/<int:pk>/contacts/new/"),
        views.contact_create,
        name="contact-create",
    ),
    path(_("policy-lab/labs/new/"), views.lab_create, name="lab-create"),
    path(_("policy-lab/labs/<slug:slug>/"), views.lab_detail, name="lab-detail"),
    path(_("policy-lab/labs/<slug:slug>/edit/"), views.lab_edit, name="lab-edit"),
    path(
        _("policy-lab/labs/<slug:slug>/sessions/new/"),
        views.session_create,
        name="session-create",
    ),
    path(
        _("policy-lab/sessions/<int:pk>/documents/new/"),
        views.document_create,
        name="document-create",
    ),
    path(
        _("policy-lab/sessions/<int:pk>/outcomes/new/"),
        views.outcome_create,
        name="outcome-create",
    ),
    path(
        _("policy-lab/outcomes/<int:pk>/follow-up/"),
        views.outcome_follow_up,
        name="outcome-follow-up",
    ),
    path(_("policy-lab/journeys/<slug:slug>/"), views.journey, name="journey"),
    path(
        _("policy-lab/journeys/<slug:slug>/record/"),
        views.uptake_create,
        name="uptake-create",
    ),
    path(_("policy-lab/uptakes/<int:pk>/"), views.uptake_detail, name="uptake-detail"),
    path(_("policy-lab/uptakes/<int:pk>/decide/"), views.uptake_decide, name="uptake-decide"),
    path(_("policy-lab/strategies/new/"), views.strategy_create, name="strategy-create"),
    path(
        _("policy-lab/strategies/<slug:slug>/"),
        views.strategy_detail,
        name="strategy-detail",
    ),
    path(_("policy-lab/strategies/<slug:slug>/map/"), views.strategy_map, name="strategy-map"),
]
