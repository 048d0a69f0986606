"""Pages of the network's texts: a document, its amendments, the consolidated text, endorsements."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from icc.core.forms import add_service_errors
from icc.core.pdf import offers_pdf
from icc.core.versions import VersionConflict
from icc.governance import permissions, selectors
from icc.governance.forms import (
    AmendmentForm,
    DecisionForm,
    DocumentForm,
    EndorsementForm,
    ResponseForm,
)
from icc.governance.models import Amendment, ConsolidatedText, Section, in_language
from icc.governance.services import strategy as services
from icc.governance.wording import word_diff
from icc.network.models import City


@login_required
def governance_home(request: HttpRequest) -> HttpResponse:
    """List the network's texts under consultation and its votes."""
    permissions.require_reader(request.user)
    return render(
        request,
        "governance/home.html",
        {
            "documents": selectors.documents(),
            "motions": selectors.motions(),
            "can_manage": permissions.can_manage_governance(request.user),
        },
    )


def _save_document(request: HttpRequest, document: Any) -> HttpResponse:
    initial = {"version": document.version} if document else {}
    form = DocumentForm(
        request.POST or None, instance=document, initial=initial, creating=document is None
    )
    if request.method == "POST" and form.is_valid():
        try:
            if document is None:
                document = services.create_document(
                    created_by=request.user,
                    record=form.record(),
                    sections=form.cleaned_data["sections"],
                )
            else:
                document = services.update_document(
                    document,
                    changed_by=request.user,
                    expected_version=form.cleaned_data.get("version"),
                    record=form.record(),
                )
        except VersionConflict:
            form.add_error(None, _("Someone changed this text meanwhile; reload it to see how."))
            return render(
                request,
                "governance/document_form.html",
                {"form": form, "document": document},
                status=409,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The text is saved."))
            return redirect(document)
    return render(request, "governance/document_form.html", {"form": form, "document": document})


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest) -> HttpResponse:
    """Publish a text for consultation (the secretariat)."""
    if not permissions.can_manage_governance(request.user):
        raise PermissionDenied
    return _save_document(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a text's titles, summaries and consultation dates (the secretariat)."""
    document = permissions.get_document_for_view(request.user, pk)
    if not permissions.can_manage_governance(request.user):
        raise PermissionDenied
    return _save_document(request, document)


@login_required
@offers_pdf
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a text section by section, with its amendments, endorsements and versions."""
    document = permissions.get_document_for_view(request.user, pk)
    return render(
        request,
        "governance/document_detail.html",
        {
            "document": document,
            "sections": selectors.document_sections(document),
            "endorsements": document.endorsements.select_related("city").order_by("city__name"),
            "consolidations": document.consolidations.only("number", "made_at"),
            "can_propose": permissions.can_propose_amendment(request.user, document),
            "can_manage": permissions.can_manage_governance(request.user),
            "can_endorse": permissions.can_manage_governance(request.user)
            or bool(permissions.cities_acting_for(request.user)),
            "has_accepted": Amendment.objects.filter(
                section__document=document,
                status=Amendment.Status.ACCEPTED,
                consolidated_in__isnull=True,
            ).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def amendment_create(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Propose a new wording of a section in a member city's name."""
    document = permissions.get_document_for_view(request.user, pk)
    section = Section.objects.filter(document=document, number=number).first()
    if section is None:
        raise Http404
    cities = permissions.cities_acting_for(request.user)
    if not cities:
        raise PermissionDenied
    if not document.is_consultation_open():
        messages.error(request, _("The consultation on this text is closed: no more amendments."))
        return redirect(document)
    form = AmendmentForm(request.POST or None, cities=cities)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.propose_amendment(
                section,
                city=form.cleaned_data["city"],
                proposed_by=request.user,
                text_en=form.cleaned_data["text_en"],
                text_fr=form.cleaned_data["text_fr"],
                needs_translation=form.cleaned_data["needs_translation"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your amendment is proposed."))
            return redirect(amendment)
    return render(
        request,
        "governance/amendment_form.html",
        {
            "form": form,
            "document": document,
            "section": section,
            "heading": in_language(section, "heading"),
        },
    )


def _sides(amendment: Amendment) -> list[tuple[str, Any, Any]]:
    rows = []
    for code, name in (("en", _("English")), ("fr", _("French"))):
        new = getattr(amendment, f"text_{code}")
        if new:
            left, right = word_diff(getattr(amendment, f"base_{code}"), new)
            rows.append((code, name, (left, right)))
    return rows


@login_required
def amendment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the change word by word, side by side, with the responses and the decision."""
    amendment = permissions.get_amendment_for_view(request.user, pk)
    cities = [c for c in permissions.cities_acting_for(request.user) if c.pk != amendment.city_id]
    can_respond = permissions.can_respond_to_amendment(request.user, amendment)
    return render(
        request,
        "governance/amendment_detail.html",
        {
            "amendment": amendment,
            "section": amendment.section,
            "document": amendment.section.document,
            "sides": _sides(amendment),
            "responses": amendment.responses.select_related("city", "written_by"),
            "response_form": ResponseForm(cities=cities) if can_respond else None,
            "decision_form": DecisionForm(
                initial={"version": amendment.version}, amendment=amendment
            )
            if permissions.can_decide_amendment(request.user, amendment)
            else None,
        },
    )


@login_required
@require_POST
def amendment_respond(request: HttpRequest, pk: int) -> HttpResponse:
    """Support or comment on an amendment in a city's name."""
    amendment = permissions.get_amendment_for_view(request.user, pk)
    cities = [c for c in permissions.cities_acting_for(request.user) if c.pk != amendment.city_id]
    if not cities:
        raise PermissionDenied
    form = ResponseForm(request.POST, cities=cities)
    if form.is_valid():
        try:
            services.respond_to_amendment(
                amendment,
                city=form.cleaned_data["city"],
                written_by=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your city's response is recorded."))
    else:
        messages.error(request, _("Choose to support or to comment."))
    return redirect(amendment)


@login_required
@require_POST
def amendment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, reject or merge an amendment (the secretariat)."""
    amendment = permissions.get_amendment_for_view(request.user, pk)
    if not permissions.can_decide_amendment(request.user, amendment):
        raise PermissionDenied
    form = DecisionForm(request.POST, amendment=amendment)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decide_amendment(
                amendment,
                decided_by=request.user,
                expected_version=data["version"],
                decision=data["decision"],
                reason=data["reason"],
                merged_into=data.get("merged_into"),
                translation={k: data.get(f"text_{k}") or "" for k in ("en", "fr")},
            )
        except VersionConflict:
            messages.error(request, _("Someone decided on this amendment meanwhile."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The decision is recorded."))
    else:
        messages.error(request, _("Choose to accept, reject or merge."))
    return redirect(amendment)


@login_required
@require_POST
def document_consolidate(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the accepted amendments into the text under a new version (the secretariat)."""
    document = permissions.get_document_for_view(request.user, pk)
    if not permissions.can_manage_governance(request.user):
        raise PermissionDenied
    try:
        frozen = services.consolidate(document, made_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(document)
    messages.success(
        request, _("Version %(number)s of the text is published.") % {"number": frozen.number}
    )
    return redirect(frozen)


@login_required
@offers_pdf
def consolidated_text(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Show a consolidated version of a text, in the reader's language (and as PDF)."""
    document = permissions.get_document_for_view(request.user, pk)
    frozen = ConsolidatedText.objects.filter(document=document, number=number).first()
    if frozen is None:
        raise Http404
    language = "fr" if (request.LANGUAGE_CODE or "en").startswith("fr") else "en"
    sections = [
        {
            "number": s["number"],
            "heading": s[f"heading_{language}"],
            "text": s[f"text_{language}"],
            "amendments": s["amendments"],
        }
        for s in frozen.sections
    ]
    return render(
        request,
        "governance/consolidated_text.html",
        {"document": document, "frozen": frozen, "sections": sections},
    )


@login_required
@require_http_methods(["GET", "POST"])
def endorsement_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a city council's endorsement of a text, with its date and decision."""
    document = permissions.get_document_for_view(request.user, pk)
    if permissions.can_manage_governance(request.user):
        cities = City.objects.filter(status=City.Status.MEMBER).order_by("name")
    else:
        acting = permissions.cities_acting_for(request.user)
        if not acting:
            raise PermissionDenied
        cities = City.objects.filter(pk__in=[c.pk for c in acting])
    cities = cities.exclude(endorsements__document=document)
    form = EndorsementForm(request.POST or None, request.FILES or None, cities=cities)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_endorsement(
                document,
                city=form.cleaned_data["city"],
                council_decided_on=form.cleaned_data["council_decided_on"],
                decision=form.cleaned_data["decision"],
                recorded_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The endorsement is recorded."))
            return redirect(document)
    return render(request, "governance/endorsement_form.html", {"form": form, "document": document})
