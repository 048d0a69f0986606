from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.governance import views_texts, views_votes

app_name = "governance"
urlpatterns = [
    path(_("governance/"), views_texts.governance_home, name="home"),
    path(_("governance/texts/new/"), views_texts.document_create, name="document-create"),
    path(_("governance/texts/<int:pk>/"), views_texts.document_detail, name="document-detail"),
    path(_("governance/texts/<int:pk>/edit/"), views_texts.document_edit, name="document-edit"),
    path(
        _("governance/texts/<int:pk>/sections/<int:number>/amend/"),
        views_texts.amendment_create,
        name="amendment-create",
    ),
    path(
        _("governance/texts/<int:pk>/consolidate/"),
        views_texts.document_consolidate,
        name="document-consolidate",
    ),
    path(
        _("governance/texts/<int:pk>/versions/<int:number>/"),
        views_texts.consolidated_text,
        name="consolidated-text",
    ),
    path(
        _("governance/texts/<int:pk>/endorse/"),
        views_texts.endorsement_create,
        name="endorsement-create",
    ),
    path(
        _("governance/amendments/<int:pk>/"), views_texts.amendment_detail, name="amendment-detail"
    ),
    path(
        _("governance/amendments/<int:pk>/respond/"),
        views_texts.amendment_respond,
        name="amendment-respond",
    ),
    path(
        _("governance/amendments/<int:pk>/decide/"),
        views_texts.amendment_decide,
        name="amendment-decide",
    ),
    path(_("governance/votes/new/"), views_votes.motion_create, name="vote-create"),
    path(_("governance/votes/<int:pk>/"), views_votes.motion_detail, name="vote-detail"),
    path(_("governance/votes/<int:pk>/edit/"), views_votes.motion_edit, name="vote-edit"),
    path(_("governance/votes/<int:pk>/ballot/"), views_votes.ballot_cast, name="ballot-cast"),
    path(_("governance/votes/<int:pk>/proxy/"), views_votes.proxy_give, name="proxy-give"),
    path(
        _("governance/votes/<int:pk>/proxy/withdraw/"),
        views_votes.proxy_withdraw,
        name="proxy-withdraw",
    ),
    path(_("governance/votes/<int:pk>/recount/"), views_votes.motion_recount, name="vote-recount"),
    path(_("governance/receipts/"), views_votes.receipt_check, name="receipt-check"),
]
