from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.network import views

app_name = "network"
urlpatterns = [
    path("", views.home, name="home"),
    path(_("cities/"), views.city_list, name="city-list"),
    path(_("cities/new/"), views.city_create, name="city-create"),
    path(_("cities/<slug:slug>/"), views.city_detail, name="city-detail"),
    path(_("cities/<slug:slug>/edit/"), views.city_edit, name="city-edit"),
    path(_("cities/<slug:slug>/membership/"), views.city_membership, name="city-membership"),
    path(
        _("cities/<slug:slug>/membership/status/"),
        views.city_status_change,
        name="city-status-change",
    ),
    path(
        _("cities/<slug:slug>/membership/steps/<str:kind>/"),
        views.join_step_edit,
        name="join-step-edit",
    ),
    path(
        _("cities/<slug:slug>/membership/agreements/new/"),
        views.financial_agreement_create,
        name="financial-agreement-create",
    ),
    path(
        _("cities/<slug:slug>/membership/agreements/<int:pk>/invoices/new/"),
        views.invoice_create,
        name="invoice-create",
    ),
    path(
        _("cities/<slug:slug>/membership/invoices/<int:pk>/payments/new/"),
        views.payment_create,
        name="payment-create",
    ),
    path(
        _("cities/<slug:slug>/membership/expert-visits/new/"),
        views.expert_visit_create,
        name="expert-visit-create",
    ),
    path(_("join-steps/"), views.join_step_definition_list, name="join-step-definition-list"),
    path(_("join-steps/new/"), views.join_step_definition_edit, name="join-step-definition-create"),
    path(
        _("join-steps/<int:pk>/"),
        views.join_step_definition_edit,
        name="join-step-definition-edit",
    ),
    path(_("background-tasks/failed/"), views.failed_task_list, name="failed-task-list"),
    path(
        _("background-tasks/failed/<int:pk>/retry/"),
        views.failed_task_retry,
        name="failed-task-retry",
    ),
    path(_("national-networks/"), views.national_network_list, name="national-network-list"),
    path(
        _("national-networks/new/"), views.national_network_create, name="national-network-create"
    ),
    path(
        _("national-networks/<slug:slug>/"),
        views.national_network_detail,
        name="national-network-detail",
    ),
    path(
        _("national-networks/<slug:slug>/edit/"),
        views.national_network_edit,
        name="national-network-edit",
    ),
]
