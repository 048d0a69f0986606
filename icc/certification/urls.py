from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.certification import views

app_name = "certification"

urlpatterns = [
    path(_("certification/register/"), views.register, name="register"),
    path(_("certification/register.csv"), views.register_csv, name="register-csv"),
    path(_("certification/verify/"), views.verify, name="verify"),
    path(_("certification/verify/<slug:code>/"), views.verify_code, name="verify-code"),
    path(_("certification/complaints/new/"), views.complaint_create, name="complaint-create"),
    path(
        _("certification/complaints/<slug:reference>/"),
        views.complaint_detail,
        name="complaint-detail",
    ),
    path(_("certification/desk/"), views.desk, name="desk"),
    path(
        _("certification/organisations/new/"), views.organisation_create, name="organisation-create"
    ),
    path(
        _("certification/organisations/<slug:slug>/"),
        views.organisation_detail,
        name="organisation-detail",
    ),
    path(
        _("certification/organisations/<slug:slug>/confirm/"),
        views.organisation_confirm,
        name="organisation-confirm",
    ),
    path(
        _("certification/organisations/<slug:slug>/invite/"),
        views.representative_invite,
        name="representative-invite",
    ),
    path(
        _("certification/organisations/<slug:slug>/apply/"),
        views.application_start,
        name="application-start",
    ),
    path(
        _("certification/applications/<int:pk>/"),
        views.application_detail,
        name="application-detail",
    ),
    path(
        _("certification/applications/<int:pk>/eligibility/"),
        views.application_eligibility,
        name="application-eligibility",
    ),
    path(
        _("certification/applications/<int:pk>/self-assessment/"),
        views.application_edit,
        name="application-edit",
    ),
    path(
        _("certification/applications/<int:pk>/evidence/"),
        views.evidence_upload,
        name="evidence-upload",
    ),
    path(
        _("certification/applications/<int:pk>/withdraw/"),
        views.application_withdraw,
        name="application-withdraw",
    ),
    path(
        _("certification/applications/<int:pk>/reviewers/"),
        views.application_assign,
        name="application-assign",
    ),
    path(
        _("certification/applications/<int:pk>/declaration/"),
        views.review_declare,
        name="review-declare",
    ),
    path(_("certification/applications/<int:pk>/review/"), views.review_score, name="review-score"),
    path(
        _("certification/applications/<int:pk>/take-up-again/"),
        views.application_reopen,
        name="application-reopen",
    ),
    path(
        _("certification/applications/<int:pk>/agreed-scores/"),
        views.reconcile,
        name="reconcile",
    ),
    path(_("certification/applications/<int:pk>/visit/"), views.visit_record, name="visit"),
    path(_("certification/applications/<int:pk>/decision/"), views.decide, name="decide"),
    path(
        _("certification/applications/<int:pk>/appeal/"), views.appeal_create, name="appeal-create"
    ),
    path(_("certification/appeals/<int:pk>/"), views.appeal_detail, name="appeal-detail"),
    path(
        _("certification/certificates/<slug:code>/"),
        views.certificate_manage,
        name="certificate-manage",
    ),
    path(
        _("certification/certificates/<slug:code>/pdf/"),
        views.certificate_pdf,
        name="certificate-pdf",
    ),
]
