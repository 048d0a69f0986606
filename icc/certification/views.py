"""Pages of the certification: public register and verification, the NGO's file, the
reviewers', the commission's and the secretariat's steps."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from icc.certification import forms, permissions, selectors, services, standard
from icc.certification.models import (
    Appeal,
    Application,
    Certificate,
    Complaint,
    Organisation,
    Review,
)
from icc.core.activity import timeline_entries
from icc.core.clients import client_address
from icc.core.exports import CsvWriter
from icc.core.page_cache import cache_public_page
from icc.core.pdf import html_to_pdf
from icc.core.site import absolute_url

COMPLAINTS_PER_HOUR = 5


def _language(request: HttpRequest) -> str:
    return (get_language() or "en")[:2]


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _application(
    request: HttpRequest, pk: int, rule: Callable[[Any, Application], bool]
) -> Application:
    application = get_object_or_404(Application.objects.select_related("organisation__city"), pk=pk)
    if not rule(request.user, application):
        raise PermissionDenied
    return application


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# Public --------------------------------------------------------------------------------


@cache_public_page(scopes=["certification"], query=["q", "level", "city", "page"])
def register(request: HttpRequest) -> HttpResponse:
    """The public register of certified organisations, with filters and search."""
    language = _language(request)
    query = request.GET.get("q", "").strip()[:100]
    level = request.GET.get("level", "")[:64]
    city = request.GET.get("city", "")[:80]
    rows = selectors.register_rows(query=query, level=level, city=city)
    page = Paginator(rows, selectors.REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    levels = dict(selectors.level_choices(language))
    return render(
        request,
        "certification/register.html",
        {
            "page": page,
            "query": query,
            "level": level,
            "city": city,
            "levels": levels.items(),
            "level_titles": levels,
            "cities": selectors.register_cities(),
            "filters": _without_page(request),
        },
    )


def register_csv(request: HttpRequest) -> HttpResponse:
    language = _language(request)
    titles = dict(selectors.level_choices(language))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="certified-ngos.csv"'
    writer = CsvWriter(response)
    writer.writerow(
        [_("Organisation"), _("City"), _("Level"), _("Valid until"), _("Verification code")]
    )
    rows = selectors.register_rows(
        query=request.GET.get("q", "")[:100],
        level=request.GET.get("level", "")[:64],
        city=request.GET.get("city", "")[:80],
    )
    for row in rows:
        writer.writerow(
            [
                row.organisation.name,
                row.organisation.city.name,
                titles.get(row.level, row.level),
                row.valid_until.isoformat(),
                row.code,
            ]
        )
    return response


def verify(request: HttpRequest) -> HttpResponse:
    """Ask for a certificate's code."""
    code = request.GET.get("code", "").strip()
    if code:
        return redirect("certification:verify-code", code=code.upper()[:20])
    return render(request, "certification/verify.html", {})


def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    """Say publicly whether a certificate is genuine, in force, suspended or withdrawn."""
    certificate = selectors.find_certificate(code)
    language = _language(request)
    today = timezone.localdate()
    response = render(
        request,
        "certification/verify.html",
        {
            "certificate": certificate,
            "code": code[:20],
            "searched": True,
            "expired": certificate is not None and certificate.is_expired(today),
            "level_title": certificate
            and standard.level_title(
                standard.load_standard(certificate.standard), certificate.level, language
            ),
        },
        status=200 if certificate is not None else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def complaint_create(request: HttpRequest) -> HttpResponse:
    """Anyone files a complaint about a certified organisation (a few an hour per address)."""
    form = forms.ComplaintForm(
        request.POST or None, initial={"organisation": request.GET.get("organisation")}
    )
    if request.method == "POST":
        # The client's own address, behind the proxies we run too.
        key = f"certification-complaints:{client_address(request)}"
        count = cache.get(key, 0)
        if count >= COMPLAINTS_PER_HOUR:
            messages.error(request, _("Too many complaints from here: try again in an hour."))
            return render(request, "certification/complaint_form.html", {"form": form}, status=429)
        if form.is_valid():
            try:
                complaint = services.file_complaint(
                    form.cleaned_data["organisation"],
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    text=form.cleaned_data["text"],
                    language=_language(request),
                )
            except ValidationError as error:
                _errors(request, error)
            else:
                cache.set(key, count + 1, 3600)
                return render(
                    request, "certification/complaint_received.html", {"complaint": complaint}
                )
    return render(request, "certification/complaint_form.html", {"form": form})


# Organisations -------------------------------------------------------------------------


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_register_organisation(request.user):
        raise PermissionDenied
    form = forms.OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.register_organisation(
                by=request.user,  # type: ignore[arg-type]
                data=form.cleaned_data,
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(
                request, _("The organisation is registered. It may apply once confirmed.")
            )
            return redirect(organisation.get_absolute_url())
    return render(request, "certification/organisation_form.html", {"form": form})


@login_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("city"), slug=slug)
    if not permissions.can_view_organisation(request.user, organisation):
        raise PermissionDenied
    user = request.user
    return render(
        request,
        "certification/organisation_detail.html",
        {
            "organisation": organisation,
            "description": organisation.description(_language(request)),
            "applications": organisation.applications.all(),
            "certificates": organisation.certificates.all(),
            "may_confirm": permissions.can_confirm_organisation(user, organisation)
            and organisation.status == Organisation.Status.REGISTERED,
            "may_invite": permissions.can_invite_representative(user, organisation),
            "may_apply": permissions.can_apply(user, organisation),
            "represents": permissions.represents(user, organisation),
            "confirm_form": forms.ConfirmForm(initial={"version": organisation.version}),
            "timeline": timeline_entries(organisation),
        },
    )


@login_required
@require_POST
def organisation_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not permissions.can_confirm_organisation(request.user, organisation):
        raise PermissionDenied
    form = forms.ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to confirm the organisation."))
    else:
        try:
            services.confirm_organisation(
                organisation,
                by=request.user,
                confirm=form.cleaned_data["confirm"],
                reason=form.cleaned_data["reason"],
                expected=form.cleaned_data["version"],
            )
        except ValidationError as error:
            _errors(request, error)
    return redirect(organisation.get_absolute_url())


@login_required
def representative_invite(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not permissions.can_invite_representative(request.user, organisation):
        raise PermissionDenied
    form = forms.InviteForm(request.POST or None, initial={"language": _language(request)})
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_representative(
                organisation,
                by=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The invitation is sent."))
            return redirect(organisation.get_absolute_url())
    return render(
        request, "certification/invite_form.html", {"form": form, "organisation": organisation}
    )


# The application ----------------------------------------------------------------------


@login_required
@require_POST
def application_start(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not permissions.can_apply(request.user, organisation):
        raise PermissionDenied
    try:
        application = services.start_application(organisation, by=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect(organisation.get_absolute_url())
    return redirect("certification:application-eligibility", pk=application.pk)


@login_required
def application_eligibility(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, permissions.can_view_application)
    language = _language(request)
    method = standard.load_standard(application.standard)
    gate = [
        (q.id, q.text.in_language(language), q.help.in_language(language) if q.help else "")
        for q in standard.gate_questions(method)
    ]
    may_answer = (
        permissions.can_edit_application(request.user, application)
        and application.status == Application.Status.ELIGIBILITY
    )
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied
        try:
            services.check_eligibility(
                application,
                by=request.user,
                answers={key: request.POST.get(key, "") for key, _text, _help in gate},
                expected=int(request.POST.get("version") or 0) or None,
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            return redirect(application.get_absolute_url())
    failed = None
    if application.failed_gate:
        failed = method.question(application.failed_gate).text.in_language(language)
    return render(
        request,
        "certification/eligibility.html",
        {
            "application": application,
            "gate": gate,
            "may_answer": may_answer,
            "failed": failed,
        },
    )


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, permissions.can_view_application)
    user = request.user
    language = _language(request)
    method = standard.load_standard(application.standard)
    see_all = permissions.can_see_all_scores(user, application)
    own = permissions.own_review(user, application)
    decision = application.decision
    visit = getattr(application, "visit", None)
    return render(
        request,
        "certification/application_detail.html",
        {
            "application": application,
            "organisation": application.organisation,
            "categories": selectors.criteria_rows(application, language),
            "may_edit": permissions.can_edit_application(user, application)
            and application.status == Application.Status.DRAFT,
            "may_withdraw": permissions.can_withdraw_application(user, application),
            "may_assign": permissions.can_assign(user, application),
            "may_declare": permissions.can_declare(user, application),
            "may_score": permissions.can_score(user, application),
            "may_visit": permissions.can_record_visit(user, application),
            "may_decide": permissions.can_decide(user, application),
            "may_reconcile": permissions.can_reconcile(user, application),
            "may_reopen": permissions.can_reopen(user, application),
            "reconciliation": application.reconciliation if see_all else None,
            "agreed_level": standard.level_title(
                method, getattr(application.reconciliation, "level", ""), language
            )
            if see_all
            else "",
            "may_appeal": permissions.can_appeal(user, application),
            "see_all": see_all,
            "reviews": selectors.review_rows(application) if see_all else [],
            "own_review": own,
            "differences": services.differences(application) if see_all else [],
            "visit": visit,
            "visit_findings": [
                (area.title.in_language(language), visit.findings[area.id])
                for area, _questions in standard.categories(method)
                if visit is not None and area.id in visit.findings
            ],
            "decision": decision,
            "level_title": standard.level_title(method, decision.level, language)
            if decision
            else "",
            "self_level_title": standard.level_title(method, application.self_level, language),
            "certificate": getattr(application, "certificate", None),
            "appeals": Appeal.objects.filter(decision__application=application),
            "timeline": _visible_timeline(user, application, see_all),
        },
    )


def _visible_timeline(user: Any, application: Application, see_all: bool) -> list[Any]:
    """The file's history; the reviews' entries stay hidden until both scores are in."""
    entries = timeline_entries(application)
    if see_all or permissions.is_secretariat(user):
        return entries
    return [
        (entry, label)
        for entry, label in entries
        if not entry.verb.startswith("certification.review.")
    ]


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The self-assessment, saved as one types (autosave) and with the save button."""
    application = _application(request, pk, permissions.can_edit_application)
    if application.status != Application.Status.DRAFT:
        return redirect("certification:application-eligibility", pk=application.pk)
    language = _language(request)
    categories = selectors.criteria_rows(application, language)
    if request.method == "POST":
        answers = {}
        evidence = {}
        for category in categories:
            for row in category["criteria"]:
                key = row["question"].id
                answers[key] = request.POST.get(f"answer-{key}", "")
                evidence[key] = {
                    "text": request.POST.get(f"text-{key}", ""),
                    "links": request.POST.get(f"links-{key}", "").split(),
                }
        autosave = request.headers.get("X-Autosave") == "1"
        try:
            saved = services.save_self_assessment(
                application,
                by=request.user,
                answers=answers,
                evidence=evidence,
                expected=int(request.POST.get("version") or 0) or None,
            )
        except ValidationError as error:
            if autosave:
                return JsonResponse({"saved": False, "errors": error.messages}, status=400)
            _errors(request, error)
        else:
            if autosave:
                return JsonResponse({"saved": True, "version": saved.version})
            if request.POST.get("submit") == "1":
                try:
                    services.submit_application(saved, by=request.user, expected=saved.version)
                except ValidationError as error:
                    _errors(request, error)
                    return redirect("certification:application-edit", pk=application.pk)
                messages.success(request, _("The application is submitted for review."))
                return redirect(application.get_absolute_url())
            messages.success(request, _("Saved."))
            return redirect("certification:application-edit", pk=application.pk)
    return render(
        request,
        "certification/application_form.html",
        {"application": application, "categories": categories},
    )


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, permissions.can_edit_application)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
    else:
        try:
            services.add_evidence_file(
                application,
                by=request.user,
                criterion=request.POST.get("criterion", ""),
                upload=upload,
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The file is added."))
    return redirect("certification:application-edit", pk=application.pk)


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, permissions.can_withdraw_application)
    try:
        services.withdraw_application(application, by=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The application is withdrawn."))
    return redirect(application.get_absolute_url())


@login_required
@require_POST
def application_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """The representative takes a deferred file up again, on the same application."""
    application = _application(request, pk, permissions.can_reopen)
    try:
        services.reopen_deferred(
            application,
            by=request.user,
            expected=int(request.POST.get("version") or 0) or None,
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect(application.get_absolute_url())
    messages.success(
        request,
        _("The self-assessment is open again: show the required actions, then submit it."),
    )
    return redirect("certification:application-edit", pk=application.pk)


# Review, visit, decision ----------------------------------------------------------------


@login_required
def application_assign(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, permissions.can_assign)
    form = forms.AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["reviewer"]:
                services.assign_reviewer(
                    application, by=request.user, reviewer=form.cleaned_data["reviewer"]
                )
            if form.cleaned_data["commission_member"]:
                services.name_commission_member(
                    application, by=request.user, person=form.cleaned_data["commission_member"]
                )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("certification:application-assign", pk=application.pk)
    return render(
        request,
        "certification/assign_form.html",
        {
            "application": application,
            "form": form,
            "reviews": application.reviews.select_related("reviewer"),
            "commission": application.commission.select_related("user"),
        },
    )


@login_required
def review_declare(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.select_related("organisation__city"), pk=pk)
    if not permissions.can_declare(request.user, application):
        # The link of the assignment's notification, followed after the declaration.
        if permissions.can_view_application(request.user, application):
            return redirect(application)
        raise PermissionDenied
    review = permissions.own_review(request.user, application)
    assert review is not None
    form = forms.DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare(
                review,
                by=request.user,  # type: ignore[arg-type]
                no_conflict=form.cleaned_data["declaration"] == "none",
                tie=form.cleaned_data["tie"],
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            if review.status == Review.Status.CONFLICT:
                messages.success(
                    request,
                    _("Your tie is recorded: the secretariat will assign another reviewer."),
                )
                return redirect(
                    "certification:desk"
                    if permissions.can_manage(request.user)
                    else "certification:register"
                )
            return redirect("certification:review-score", pk=application.pk)
    return render(
        request,
        "certification/declare_form.html",
        {"application": application, "organisation": application.organisation, "form": form},
    )


@login_required
def review_score(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, permissions.can_score)
    review = permissions.own_review(request.user, application)
    assert review is not None
    language = _language(request)
    categories = selectors.criteria_rows(application, language)
    if request.method == "POST":
        keys = [row["question"].id for category in categories for row in category["criteria"]]
        try:
            services.save_review(
                review,
                by=request.user,  # type: ignore[arg-type]
                answers={key: request.POST.get(f"score-{key}", "") for key in keys},
                comments={key: request.POST.get(f"comment-{key}", "") for key in keys},
                submit=request.POST.get("submit") == "1",
                expected=int(request.POST.get("version") or 0) or None,
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Your scores are saved."))
            return redirect(application.get_absolute_url())
    return render(
        request,
        "certification/review_form.html",
        {"application": application, "review": review, "categories": categories},
    )


@login_required
def reconcile(request: HttpRequest, pk: int) -> HttpResponse:
    """The agreed score of every criterion, with the reason where the two reviews differ."""
    application = _application(request, pk, permissions.can_reconcile)
    language = _language(request)
    rows = selectors.reconciliation_rows(application, language)
    if request.method == "POST":
        try:
            services.reconcile(
                application,
                by=request.user,
                answers={row["id"]: request.POST.get(f"agreed-{row['id']}", "") for row in rows},
                reasons={row["id"]: request.POST.get(f"reason-{row['id']}", "") for row in rows},
                expected=int(request.POST.get("version") or 0) or None,
            )
        except ValidationError as error:
            _errors(request, error)
            for row in rows:
                row["agreed"] = request.POST.get(f"agreed-{row['id']}", "")
                row["reason"] = request.POST.get(f"reason-{row['id']}", "")
        else:
            messages.success(request, _("The agreed scores are recorded."))
            return redirect(application.get_absolute_url())
    return render(
        request,
        "certification/reconcile_form.html",
        {
            "application": application,
            "rows": rows,
            "reconciliation": application.reconciliation,
            "differing": sum(1 for row in rows if row["differ"]),
        },
    )


@login_required
def visit_record(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, permissions.can_record_visit)
    visit = getattr(application, "visit", None)
    language = _language(request)
    method = standard.load_standard(application.standard)
    areas = [
        (area.id, area.title.in_language(language)) for area, _q in standard.categories(method)
    ]
    form = forms.VisitForm(
        request.POST or None,
        initial={"planned_on": visit.planned_on, "participants": visit.participants}
        if visit
        else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.plan_visit(application, by=request.user, **form.cleaned_data)
            findings = {key: request.POST.get(f"finding-{key}", "") for key, _title in areas}
            if any(value.strip() for value in findings.values()):
                services.report_visit(visit, by=request.user, findings=findings)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The visit is recorded."))
            return redirect(application.get_absolute_url())
    findings = visit.findings if visit else {}
    return render(
        request,
        "certification/visit_form.html",
        {
            "application": application,
            "form": form,
            "areas": [(key, title, findings.get(key, "")) for key, title in areas],
        },
    )


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, permissions.can_decide)
    language = _language(request)
    form = forms.DecisionForm(request.POST or None, levels=selectors.level_choices(language))
    if request.method == "POST" and form.is_valid():
        try:
            services.decide(application, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                _errors(request, error)
        else:
            messages.success(request, _("The decision is recorded and the organisation told."))
            return redirect(application.get_absolute_url())
    return render(
        request,
        "certification/decision_form.html",
        {
            "application": application,
            "form": form,
            "reviews": selectors.review_rows(application),
            "differences": services.differences(application),
            "reconciliation": application.reconciliation,
            "agreed_level": standard.level_title(
                standard.load_standard(application.standard),
                getattr(application.reconciliation, "level", ""),
                language,
            ),
            "missing": services.decision_missing(application),
        },
    )


# Certificates ---------------------------------------------------------------------------


def render_certificate_pdf(certificate: Certificate, *, language: str) -> bytes:
    """Return the certificate as a PDF in ``language``, with its verification address."""
    method = standard.load_standard(certificate.standard)
    with translation.override(language):
        url = absolute_url(reverse("certification:verify-code", kwargs={"code": certificate.code}))
        html = render_to_string(
            "certification/certificate_pdf.html",
            {
                "certificate": certificate,
                "level_title": standard.level_title(method, certificate.level, language),
                "standard_title": method.title.in_language(language),
                "verify_url": url,
                "LANGUAGE_CODE": language,
            },
        )
    return html_to_pdf(html, base_url=absolute_url("/"))


@login_required
def certificate_pdf(request: HttpRequest, code: str) -> HttpResponse:
    certificate = get_object_or_404(
        Certificate.objects.select_related("organisation__city"), code=code
    )
    if not permissions.can_download_certificate(request.user, certificate):
        raise PermissionDenied
    language = request.GET.get("language", "")
    if language not in ("en", "fr"):
        language = _language(request)
    pdf = render_certificate_pdf(certificate, language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificate.code}-{language}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def certificate_manage(request: HttpRequest, code: str) -> HttpResponse:
    """The certificate's page for its organisation and the secretariat: status, mid-term."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("organisation__city"), code=code
    )
    user = request.user
    if not permissions.can_download_certificate(user, certificate):
        raise PermissionDenied
    status_form = forms.CertificateStatusForm(
        initial={"status": certificate.status, "version": certificate.version}
    )
    midterm_form = forms.MidtermForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "status" and permissions.can_change_certificate(user, certificate):
                status_form = forms.CertificateStatusForm(request.POST)
                if status_form.is_valid():
                    services.change_certificate_status(
                        certificate,
                        by=user,
                        status=status_form.cleaned_data["status"],
                        reason=status_form.cleaned_data["reason"],
                        expected=status_form.cleaned_data["version"],
                    )
                    messages.success(request, _("The certificate's status is changed."))
                    return redirect("certification:certificate-manage", code=certificate.code)
            elif action == "midterm" and permissions.can_send_midterm(user, certificate):
                services.send_midterm_report(
                    certificate, by=user, report=request.POST.get("report", "")
                )
                messages.success(request, _("The mid-term self-report is sent."))
                return redirect("certification:certificate-manage", code=certificate.code)
            elif action == "concerns" and permissions.can_change_certificate(user, certificate):
                services.raise_midterm_concerns(
                    certificate, by=user, concerns=request.POST.get("concerns", "")
                )
                messages.success(request, _("The concerns are recorded; plan a visit."))
                return redirect("certification:certificate-manage", code=certificate.code)
            elif action == "midterm_visit" and permissions.can_change_certificate(
                user, certificate
            ):
                visit_form = forms.MidtermVisitForm(request.POST)
                services.record_midterm_visit(
                    certificate,
                    by=user,
                    visited_on=visit_form.cleaned_data["visited_on"]
                    if visit_form.is_valid()
                    else None,
                    report=request.POST.get("report", ""),
                )
                messages.success(request, _("The mid-term visit is recorded."))
                return redirect("certification:certificate-manage", code=certificate.code)
            elif action == "renew" and permissions.can_renew(user, certificate):
                application = services.start_renewal(certificate, by=user)
                return redirect("certification:application-edit", pk=application.pk)
            else:
                raise PermissionDenied
        except ValidationError as error:
            _errors(request, error)
    language = _language(request)
    return render(
        request,
        "certification/certificate_manage.html",
        {
            "certificate": certificate,
            "level_title": standard.level_title(
                standard.load_standard(certificate.standard), certificate.level, language
            ),
            "status_form": status_form,
            "midterm_form": midterm_form,
            "visit_form": forms.MidtermVisitForm(
                initial={
                    "visited_on": certificate.midterm_visit_on,
                    "report": certificate.midterm_visit_report,
                }
            ),
            "may_change": permissions.can_change_certificate(user, certificate),
            "may_midterm": permissions.can_send_midterm(user, certificate),
            "may_renew": permissions.can_renew(user, certificate),
            "timeline": timeline_entries(certificate),
        },
    )


# Appeals and complaints -----------------------------------------------------------------


@login_required
def appeal_create(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, permissions.can_appeal)
    form = forms.AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.file_appeal(
                application,
                by=request.user,  # type: ignore[arg-type]
                grounds=form.cleaned_data["grounds"],
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The appeal is filed."))
            return redirect(appeal.get_absolute_url())
    return render(
        request, "certification/appeal_form.html", {"application": application, "form": form}
    )


@login_required
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = get_object_or_404(
        Appeal.objects.select_related("decision__application__organisation"), pk=pk
    )
    if not permissions.can_view_appeal(request.user, appeal):
        raise PermissionDenied
    may_handle = permissions.can_handle_appeal(request.user, appeal)
    form = forms.AppealHandleForm(request.POST or None, initial={"version": appeal.version})
    if request.method == "POST":
        if not may_handle:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.handle_appeal(
                    appeal,
                    by=request.user,  # type: ignore[arg-type]
                    outcome=form.cleaned_data["outcome"],
                    reasons=form.cleaned_data["reasons"],
                    expected=form.cleaned_data["version"],
                )
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("The appeal is closed."))
                return redirect(appeal.get_absolute_url())
    return render(
        request,
        "certification/appeal_detail.html",
        {
            "appeal": appeal,
            "form": form,
            "may_handle": may_handle,
            "timeline": timeline_entries(appeal),
        },
    )


@login_required
def complaint_detail(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = get_object_or_404(
        Complaint.objects.select_related("organisation"), reference=reference
    )
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    may_handle = permissions.can_handle_complaint(request.user, complaint)
    form = forms.ComplaintHandleForm(
        request.POST or None,
        initial={
            "status": complaint.status,
            "outcome": complaint.outcome,
            "version": complaint.version,
        },
    )
    if request.method == "POST":
        if not may_handle:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.handle_complaint(
                    complaint,
                    by=request.user,  # type: ignore[arg-type]
                    status=form.cleaned_data["status"],
                    outcome=form.cleaned_data["outcome"],
                    expected=form.cleaned_data["version"],
                )
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("certification:complaint-detail", reference=complaint.reference)
    return render(
        request,
        "certification/complaint_detail.html",
        {
            "complaint": complaint,
            "form": form,
            "may_handle": may_handle,
            "timeline": timeline_entries(complaint),
        },
    )


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    return render(request, "certification/desk.html", {"desk": selectors.desk()})
