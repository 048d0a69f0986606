"""Pages of the secretariat for Index rounds: open a round, follow it, import, build reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from icc.core.downloads import file_response
from icc.index import permissions
from icc.index.forms import ImportForm, RoundForm
from icc.index.method.tables import TableError
from icc.index.models import ReportBatch, Response
from icc.index.progress import round_progress
from icc.index.services.imports import import_answers_csv
from icc.index.services.results import publish_round
from icc.index.services.rounds import open_round, request_network_reports


@login_required
@require_http_methods(["GET", "POST"])
def round_list(request: HttpRequest) -> HttpResponse:
    """List the rounds and open a new one (the secretariat)."""
    if not permissions.can_manage_rounds(request.user):
        raise PermissionDenied
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            index_round = open_round(
                data["edition"],
                label=data["label"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                opened_by=request.user,
                peer_bands={
                    "population": [data["population_threshold"]],
                    "foreign_born_share": [float(data["foreign_born_threshold"])],
                },
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The round %(label)s is open.") % {"label": index_round})
            return redirect(index_round)
    rounds = permissions.get_rounds_for_management(request.user)
    return render(request, "index/round_list.html", {"rounds": rounds, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a round's responses and their progress; import a city's answers from CSV."""
    index_round = get_object_or_404(permissions.get_rounds_for_management(request.user), pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    import_errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
        else:
            try:
                report = import_answers_csv(
                    index_round,
                    form.cleaned_data["city"],
                    text,
                    imported_by=request.user,
                    name=upload.name,
                )
            except TableError as error:
                import_errors = error.errors
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s answer imported for %(city)s.",
                        "%(count)s answers imported for %(city)s.",
                        report.answers_written,
                    )
                    % {
                        "count": report.answers_written,
                        "city": report.response.city,
                    },
                )
                return redirect(index_round)
    rows = round_progress(index_round)
    batches = index_round.report_batches.all()[:5]
    context = {
        "round": index_round,
        "rows": rows,
        "form": form,
        "import_errors": import_errors,
        "batches": batches,
        "is_building": any(batch.is_running for batch in batches),
        "publishable": sum(
            1
            for response, _answered, _total in rows
            if response.status == Response.Status.VALIDATED and response.has_public_consent
        ),
        "may_publish": permissions.can_publish_round(request.user, index_round),
    }
    return render(request, "index/round_detail.html", context)


@login_required
@require_POST
def round_reports(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the PDF reports of every city of the round, in one language (the secretariat)."""
    index_round = get_object_or_404(permissions.get_rounds_for_management(request.user), pk=pk)
    try:
        request_network_reports(
            index_round, language=request.POST.get("language", ""), requested_by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The reports are being built; this page shows how far."))
    return redirect(index_round)


@login_required
@require_POST
def round_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish every validated result of the round whose city consented (the secretariat)."""
    index_round = get_object_or_404(permissions.get_rounds_for_management(request.user), pk=pk)
    if not permissions.can_publish_round(request.user, index_round):
        raise PermissionDenied
    count = publish_round(index_round, published_by=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "The results of %(count)s city are published; its people are being told.",
                "The results of %(count)s cities are published; their people are being told.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("No validated result with consent is waiting to be published."))
    return redirect(index_round)


@login_required
def report_batch_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Download the archive of a finished batch of city reports (the secretariat)."""
    if not permissions.can_manage_rounds(request.user):
        raise PermissionDenied
    batch = get_object_or_404(ReportBatch, pk=pk)
    if not batch.archive:
        raise Http404
    return file_response(batch.archive, content_type="application/zip")
