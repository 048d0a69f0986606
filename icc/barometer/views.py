"""Pages of the barometer: the company's (through its private link), the city's, the network's."""

import json
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from icc.barometer import instrument, links, permissions, release, selectors, services
from icc.barometer.forms import ImportForm, InvitationForm, RoundForm
from icc.barometer.models import GroupFigure, Invitation, Response, Round
from icc.core.exports import CsvWriter
from icc.core.forms import add_service_errors
from icc.core.pdf import offers_pdf
from icc.core.versions import VersionConflict

LINK_PROBLEM_STATUS = {"tampered": 404, "expired": 410, "deleted": 410}


def private_link(view: Any) -> Any:
    """Open the invitation a link's token names, or show why the link opens nothing.

    The page is never cached and sends its address to no other site, so the token stays here.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            invitation = links.open_link(token)
        except links.LinkProblem as problem:
            response = render(
                request,
                "barometer/link_problem.html",
                {"problem": problem.code},
                status=LINK_PROBLEM_STATUS[problem.code],
            )
        else:
            response = view(request, invitation, token, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex"
        return response

    return never_cache(wrapper)


def _questions(
    invitation: Invitation, response: Response | None, errors: dict[str, list[str]]
) -> list[dict[str, Any]]:
    from django.utils.translation import get_language

    method = instrument.edition(response.edition_id if response else invitation.round.edition_id)
    language = get_language() or "en"
    answers = response.answers if response else {}
    titles = {
        dimension.id: dimension.title.in_language(language) for dimension in method.dimensions
    }
    sections = []
    for area in method.areas:
        items = []
        for question in area.questions:
            value = answers.get(question.id)
            items.append(
                {
                    "id": question.id,
                    "text": question.text.in_language(language),
                    "kind": str(question.kind),
                    "dimension": titles.get(question.dimension or "", ""),
                    "options": [
                        (option.id, option.label.in_language(language))
                        for option in question.options
                    ]
                    or ([("yes", _("Yes")), ("no", _("No"))] if question.kind == "yes_no" else []),
                    "value": value,
                    "errors": errors.get(question.id, []),
                    "values": value if isinstance(value, list) else [value],
                    "unit": question.unit.in_language(language) if question.unit else "",
                }
            )
        sections.append(
            {
                "id": area.id,
                "title": area.title.in_language(language),
                "description": area.description.in_language(language) if area.description else "",
                "questions": items,
            }
        )
    return sections


def _posted_answers(request: HttpRequest, edition_id: str) -> dict[str, Any]:
    method = instrument.edition(edition_id)
    answers: dict[str, Any] = {}
    for question in method.questions:
        name = f"q-{question.id}"
        if question.takes_sets:
            answers[question.id] = request.POST.getlist(name)
        elif name in request.POST:
            answers[question.id] = request.POST.get(name, "")
    return answers


@private_link
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    """The company's questionnaire: consent first, then answers saved as it types."""
    response = Response.objects.filter(invitation=invitation).first()
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "consent":
                if request.POST.get("consent") != "yes":
                    raise ValidationError(_("Tick the box to give your consent."))
                services.give_consent(invitation)
                return redirect("barometer:answer", token=token)
            if response is None:
                raise ValidationError(_("Give your consent before answering."))
            services.save_answers(
                invitation,
                edition_id=request.POST.get("edition", ""),
                answers=_posted_answers(request, response.edition_id),
                submit=action == "submit",
            )
        except ValidationError as error:
            errors = (
                error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            )
        else:
            if action == "submit":
                messages.success(request, _("Your answers are submitted. Here is your report."))
                return redirect("barometer:report", token=token)
            messages.success(
                request, _("Your answers are saved. You can come back with your link.")
            )
            return redirect("barometer:answer", token=token)
    response = Response.objects.filter(invitation=invitation).first()
    status = 400 if errors else 200
    return render(
        request,
        "barometer/answer.html",
        {
            "invitation": invitation,
            "response": response,
            "token": token,
            "sections": _questions(invitation, response, errors) if response else [],
            "errors": errors,
            "general_errors": errors.get("__all__", []),
            "may_answer": permissions.can_answer(invitation),
        },
        status=status,
    )


@private_link
@require_POST
def save(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    """Save answers sent as JSON while the company types: ``{"edition": …, "answers": {…}}``."""
    try:
        body = json.loads(request.body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return JsonResponse(
            {"errors": {"__all__": [_("The answers could not be read.")]}}, status=400
        )
    if not isinstance(body, dict) or not isinstance(body.get("answers"), dict):
        return JsonResponse(
            {"errors": {"__all__": [_("The answers could not be read.")]}}, status=400
        )
    try:
        response = services.save_answers(
            invitation, edition_id=str(body.get("edition", "")), answers=body["answers"]
        )
    except ValidationError as error:
        found = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        return JsonResponse({"errors": found}, status=400)
    return JsonResponse({"saved": True, "version": response.version})


@private_link
@require_GET
@offers_pdf
def report(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    """The company's confidential report: its scores against its four peer groups."""
    data = selectors.company_report(invitation)
    return render(
        request,
        "barometer/report.html",
        {
            "report": data,
            "invitation": invitation,
            "token": token,
            "share": selectors.open_share(invitation),
        },
    )


@private_link
@require_POST
def share(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    """Share the report with the secretariat, or stop sharing it (the company's choice)."""
    if request.POST.get("action") == "withdraw":
        services.withdraw_share(invitation)
        messages.success(request, _("The secretariat can no longer open your report."))
        return redirect("barometer:report", token=token)
    try:
        services.share_report(invitation)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your report is shared with the secretariat."))
    return redirect("barometer:report", token=token)


@private_link
@require_GET
def answers_download(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    """The company's own answers, as a CSV file (its copy of what it gave)."""
    response = Response.objects.filter(invitation=invitation).first()
    method = instrument.edition(response.edition_id if response else invitation.round.edition_id)
    from django.utils.translation import get_language

    language = get_language() or "en"
    download = HttpResponse(content_type="text/csv; charset=utf-8")
    download["Content-Disposition"] = 'attachment; filename="barometer-answers.csv"'
    writer = CsvWriter(download)
    writer.writerow([_("Question id"), _("Question"), _("Answer")])
    answers = response.answers if response else {}
    for question in method.questions:
        value = answers.get(question.id, "")
        writer.writerow(
            [
                question.id,
                question.text.in_language(language),
                "|".join(value) if isinstance(value, list) else value,
            ]
        )
    for key, value in sorted((response.scores if response else {}).items()):
        writer.writerow([f"score.{key}", _("Score"), value])
    return download


@private_link
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    """Delete the company's response, after a confirmation."""
    if request.method == "POST":
        services.erase_response(invitation)
        return render(request, "barometer/link_problem.html", {"problem": "erased_now"})
    return render(request, "barometer/erase.html", {"invitation": invitation, "token": token})


# The city's and the network's pages ---------------------------------------------------------


@login_required
@require_GET
def shared_reports(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat's list of the round's reports that companies share with it."""
    if not permissions.can_list_shared_reports(request.user):
        raise PermissionDenied
    round = get_object_or_404(Round, pk=pk)
    return render(
        request,
        "barometer/shared_reports.html",
        {"round": round, "shares": selectors.shared_reports(round)},
    )


@login_required
@require_GET
@offers_pdf
def shared_report(request: HttpRequest, pk: int) -> HttpResponse:
    """A company's report as the secretariat reads it, while the company shares it."""
    invitation = permissions.get_shared_report_for_view(request.user, pk)
    response = render(
        request,
        "barometer/report.html",
        {
            "report": selectors.company_report(invitation, shared=True),
            "invitation": invitation,
            "shared_view": True,
            "share": selectors.open_share(invitation),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The barometer's rounds, and the cities whose pages the person opens."""
    if not permissions.can_view_network_results(request.user):
        raise PermissionDenied
    return render(
        request,
        "barometer/home.html",
        {
            "rounds": Round.objects.all(),
            "cities": permissions.get_cities_for_invitations(request.user),
            "may_manage": permissions.can_manage_rounds(request.user),
        },
    )


def _round_form(request: HttpRequest, round: Round | None) -> HttpResponse:
    if not permissions.can_manage_rounds(request.user):
        raise PermissionDenied
    initial = (
        {
            "name": round.name,
            "opens_on": round.opens_on,
            "closes_on": round.closes_on,
            "min_group_size": round.min_group_size,
            "version": round.version,
        }
        if round
        else {}
    )
    form = RoundForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if round is None:
                round = services.create_round(
                    by=request.user,
                    name=data["name"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    min_group_size=data["min_group_size"],
                )
            else:
                round = services.change_round(
                    round,
                    by=request.user,
                    expected_version=data.get("version"),
                    name=data["name"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    min_group_size=data["min_group_size"],
                )
        except VersionConflict:
            form.add_error(None, _("Someone changed this round meanwhile; reload it to see how."))
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The round is saved."))
            return redirect("barometer:round", pk=round.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request, "barometer/round_form.html", {"form": form, "round": round}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    return _round_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_form(request, get_object_or_404(Round, pk=pk))


@login_required
@require_POST
def round_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Score the round and publish its group figures (the secretariat)."""
    round = get_object_or_404(Round, pk=pk)
    if not permissions.can_manage_rounds(request.user):
        raise PermissionDenied
    publication = services.publish_round(round, by=request.user)
    messages.success(
        request,
        _("The figures are published, from %(count)s responses.")
        % {"count": publication.responses},
    )
    return redirect("barometer:round", pk=round.pk)


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The network's released figures of a round; the secretariat also sees response counts."""
    round = permissions.get_round_for_view(request.user, pk)
    may_manage = permissions.can_manage_rounds(request.user)
    return render(
        request,
        "barometer/round.html",
        {
            "round": round,
            "titles": selectors.score_titles(round),
            # Read only when the cached table is missing (templates call callables).
            "rows": lambda: selectors.figure_rows(round),
            "performance": lambda: selectors.performance_table(round),
            "history": lambda: selectors.history_rows(
                round, GroupFigure.Kind.NETWORK, release.NETWORK_KEY
            ),
            "publication": selectors.latest_publication(round),
            "rates": selectors.rates_by_city(round) if may_manage else None,
            "may_manage": may_manage,
            "cities": permissions.get_cities_for_invitations(request.user),
        },
    )


@login_required
@require_GET
def round_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's released figures as CSV: the same figures as the page, nothing more."""
    round = permissions.get_round_for_view(request.user, pk)
    download = HttpResponse(content_type="text/csv; charset=utf-8")
    download["Content-Disposition"] = f'attachment; filename="barometer-round-{round.pk}.csv"'
    writer = CsvWriter(download)
    performance = selectors.performance_table(round)
    extra = [
        heading
        for title in performance.titles
        for heading in (
            _("%(question)s: companies that answered") % {"question": title},
            _("%(question)s: mean") % {"question": title},
        )
    ]
    writer.writerow(
        [
            _("Group"),
            _("Kind"),
            _("Key"),
            _("Responses"),
            *selectors.score_titles(round),
            _("Note"),
            *extra,
        ]
    )
    cells = {(kind, key): cells for _label, kind, key, cells in performance.rows}
    for row in selectors.figure_rows(round):
        found = cells.get((row.kind, row.key), [])
        writer.writerow(
            [
                row.label,
                row.kind,
                row.key,
                row.count if row.released else "",
                *["" if value is None else value for value in row.means],
                row.explanation,
                *[
                    value
                    for cell in found
                    for value in ((cell.answered, cell.mean) if cell.released else ("", ""))
                ],
            ]
        )
    return download


@login_required
@require_GET
def city_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """A city's barometer: its response rate, its invitations' status and its released figures."""
    city = permissions.get_city_for_results(request.user, slug)
    round = get_object_or_404(Round, pk=pk)
    invitations = Invitation.objects.filter(round=round, city=city).only(
        "company_name", "nace_section", "size_band", "status", "reminders_sent", "invited_at"
    )
    rows = [
        row
        for row in selectors.figure_rows(round, (GroupFigure.Kind.CITY,))
        if row.key == str(city.pk)
    ]
    return render(
        request,
        "barometer/city.html",
        {
            "round": round,
            "city": city,
            "rate": selectors.response_rate(round, city),
            "invitations": invitations,
            "titles": selectors.score_titles(round),
            "rows": rows,
            "performance": selectors.performance_table(
                round, [(GroupFigure.Kind.CITY, str(city.pk))]
            ),
            "history": selectors.history_rows(round, GroupFigure.Kind.CITY, str(city.pk)),
            "may_invite": permissions.can_invite_companies(request.user, city),
        },
    )


def _city_for_inviting(request: HttpRequest, pk: int, slug: str) -> tuple[Round, Any]:
    city = permissions.get_city_for_results(request.user, slug)
    if not permissions.can_invite_companies(request.user, city):
        raise PermissionDenied
    return get_object_or_404(Round, pk=pk), city


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """Invite one company of the city (its coordinator)."""
    round, city = _city_for_inviting(request, pk, slug)
    form = InvitationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.invite_company(round, city, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The company is invited; its private link is on its way.")
                )
                return redirect("barometer:city", pk=round.pk, slug=city.slug)
    return render(
        request,
        "barometer/invite.html",
        {"form": form, "round": round, "city": city},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_invitations(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """Invite the companies of a CSV file, all or none (its coordinator)."""
    round, city = _city_for_inviting(request, pk, slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[tuple[int, str]] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                count = services.import_invitations(
                    round, city, by=request.user, data=form.cleaned_data["file"].read()
                )
            except services.CsvRefused as refused:
                problems = refused.problems
                form.add_error(None, refused.messages[0])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(count)s companies are invited.") % {"count": count})
                return redirect("barometer:city", pk=round.pk, slug=city.slug)
    return render(
        request,
        "barometer/import.html",
        {
            "form": form,
            "round": round,
            "city": city,
            "problems": problems,
            "columns": services.CSV_COLUMNS,
        },
        status=status,
    )


@login_required
@require_POST
def remind(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """Remind the city's companies that have not answered (at most twice, a week apart)."""
    round, city = _city_for_inviting(request, pk, slug)
    count = services.send_reminders(round, by=request.user, city=city)
    messages.success(request, _("Reminders sent: %(count)s.") % {"count": count})
    return redirect(reverse("barometer:city", kwargs={"pk": round.pk, "slug": city.slug}))
