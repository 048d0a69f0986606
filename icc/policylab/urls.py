from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.policylab.views import labs, public, stakeholders, strategies, uptakes

app_name = "policylab"
urlpatterns = [
    path(_("policy-lab/"), public.home, name="home"),
    path(_("policy-lab/feed/"), public.UptakeFeed(), name="uptake-feed"),
    path(_("policy-lab/workspace/"), stakeholders.workspace, name="workspace"),
    path(_("policy-lab/stakeholders/"), stakeholders.stakeholder_list, name="stakeholder-list"),
    path(
        _("policy-lab/stakeholders/new/"),
        stakeholders.stakeholder_create,
        name="stakeholder-create",
    ),
    path(
        _("policy-lab/stakeholders/<int:pk>/"),
        stakeholders.stakeholder_detail,
        name="stakeholder-detail",
    ),
    path(
        _("policy-lab/stakeholders/<int:pk>/edit/"),
        stakeholders.stakeholder_edit,
        name="stakeholder-edit",
    ),
    path(
        _("policy-lab/stakeholders/<int:pk>/merge/"),
        stakeholders.stakeholder_merge,
        name="stakeholder-merge",
    ),
    path(
        _("policy-lab/stakeholders/<int:pk>/contacts/new/"),
        stakeholders.contact_create,
        name="contact-create",
    ),
    path(
        _("policy-lab/contacts/<int:pk>/remove/"),
        stakeholders.contact_remove,
        name="contact-remove",
    ),
    path(_("policy-lab/labs/"), public.lab_list, name="lab-list"),
    path(_("policy-lab/labs/new/"), labs.lab_create, name="lab-create"),
    path(_("policy-lab/labs/<slug:slug>/"), public.lab_detail, name="lab-detail"),
    path(_("policy-lab/labs/<slug:slug>/edit/"), labs.lab_edit, name="lab-edit"),
    path(
        _("policy-lab/labs/<slug:slug>/sessions/new/"),
        labs.session_create,
        name="session-create",
    ),
    path(
        _("policy-lab/sessions/<int:pk>/documents/new/"),
        labs.document_create,
        name="document-create",
    ),
    path(
        _("policy-lab/sessions/<int:pk>/outcomes/new/"),
        labs.outcome_create,
        name="outcome-create",
    ),
    path(
        _("policy-lab/outcomes/<int:pk>/follow-up/"),
        labs.outcome_follow_up,
        name="outcome-follow-up",
    ),
    path(_("policy-lab/journeys/<slug:slug>/"), public.journey, name="journey"),
    path(
        _("policy-lab/journeys/<slug:slug>/record/"),
        uptakes.uptake_create,
        name="uptake-create",
    ),
    path(_("policy-lab/uptakes/<int:pk>/"), public.uptake_detail, name="uptake-detail"),
    path(_("policy-lab/uptakes/<int:pk>/edit/"), uptakes.uptake_edit, name="uptake-edit"),
    path(
        _("policy-lab/uptakes/<int:pk>/withdraw/"),
        uptakes.uptake_withdraw,
        name="uptake-withdraw",
    ),
    path(_("policy-lab/uptakes/<int:pk>/decide/"), uptakes.uptake_decide, name="uptake-decide"),
    path(_("policy-lab/strategies/new/"), strategies.strategy_create, name="strategy-create"),
    path(
        _("policy-lab/strategies/<slug:slug>/"),
        public.strategy_detail,
        name="strategy-detail",
    ),
    path(_("policy-lab/strategies/<slug:slug>/map/"), strategies.strategy_map, name="strategy-map"),
]
