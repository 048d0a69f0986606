"""Pages of the Index results: the network table (CSV, XLSX) and a city's report.

Both read the results stored at publication (``services.results``); a published
report's PDF is a file rendered once in the background, served as it is.
"""

from functools import wraps
from io import BytesIO
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.csp import CSP
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from icc.core.downloads import file_response
from icc.core.exports import CsvWriter, xlsx_row
from icc.core.page_cache import cache_public_page
from icc.core.pdf import offers_pdf
from icc.index import permissions
from icc.index.models import ReportFile, Response, Round, RoundSummary
from icc.index.results import charts, reports, selectors
from icc.index.results.table import ResultsTable
from icc.index.results.table import results_table as read_table
from icc.network.models import NationalNetwork
from icc.network.permissions import get_city_for_view


def _round_from_query(request: HttpRequest, default: Round | None) -> Round | None:
    round_id = request.GET.get("round", "")
    if round_id.isdigit():
        return (
            Round.objects.select_related("edition")
            .defer("edition__definition")
            .filter(pk=int(round_id))
            .first()
        )
    return default


def _page_number(request: HttpRequest) -> int:
    page = request.GET.get("page", "")
    return int(page) if page.isdigit() and len(page) < 7 else 1


@cache_public_page(scopes=["index"])
def results_table(request: HttpRequest) -> HttpResponse:
    """Show every city's published scores for a round, sorted and filtered; export as CSV."""
    rounds = reports.published_rounds()
    index_round = _round_from_query(request, selectors.default_results_round())
    network = NationalNetwork.objects.filter(slug=request.GET.get("network", "")).first()
    sort = request.GET.get("sort", "overall")
    export = request.GET.get("format") if index_round else None
    table = (
        read_table(
            index_round,
            language=get_language() or "en",
            sort=sort,
            query=request.GET.get("q", ""),
            # Ranks stay those of the whole sample; the filter only narrows the rows shown.
            network_id=network.pk if network else None,
            page=None if export in ("csv", "xlsx") else _page_number(request),
        )
        if index_round
        else None
    )
    if export == "csv" and table:
        return _results_csv(table)
    if export == "xlsx" and table:
        return _results_xlsx(table)
    completion = None
    if index_round and permissions.can_view_round_progress(request.user):
        counts = dict(
            index_round.responses.order_by()
            .values_list("status")
            .annotate(count=Count("pk"))
            .values_list("status", "count")
        )
        completion = {status: counts.get(status, 0) for status in Response.Status}
    context = {
        "rounds": rounds,
        "round": index_round,
        "sample": table,
        "rows": table.rows if table else [],
        "sort": sort,
        "query": request.GET.get("q", ""),
        "networks": NationalNetwork.objects.only("name", "slug"),
        "network": network,
        "completion": completion,
        "status_labels": dict(Response.Status.choices),
    }
    return render(request, "index/results_table.html", context)


def _results_csv(table: ResultsTable) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="index-{table.round.label}.csv"'
    writer = CsvWriter(response)
    writer.writerow(["city", "slug", "rank", "overall", *table.area_codes, *table.dimension_codes])
    for row in table.rows:
        writer.writerow(
            [
                row.name,
                row.slug,
                row.rank,
                row.overall,
                *[row.areas.get(code, "") for code in table.area_codes],
                *[row.dimensions.get(code, "") for code in table.dimension_codes],
            ]
        )
    return response


def _with_chart_style(view: Any) -> Any:
    """Allow the charts' inline style in the page's Content-Security-Policy, by its hash."""

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        policy = dict(getattr(settings, "SECURE_CSP", {}))
        # A stored file carries its own policy (``core.downloads``).
        if policy and str(CSP.HEADER_ENFORCE) not in response:
            policy["style-src"] = [*policy.get("style-src", [CSP.SELF]), *charts.style_sources()]
            response._csp_config = policy  # type: ignore[attr-defined]
        return response

    return wraps(view)(wrapper)


def _results_xlsx(table: ResultsTable) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.round.label[:31])
    sheet.append(
        xlsx_row(
            sheet,
            [
                _("City"),
                _("Rank"),
                _("Overall index"),
                *[table.area_names[code] for code in table.area_codes],
                *[table.dimension_names[code] for code in table.dimension_codes],
            ],
        )
    )
    for row in table.rows:
        sheet.append(
            xlsx_row(
                sheet,
                [
                    row.name,
                    row.rank,
                    row.overall,
                    *[row.areas.get(c) for c in table.area_codes],
                    *[row.dimensions.get(c) for c in table.dimension_codes],
                ],
            )
        )
    content = BytesIO()
    workbook.save(content)
    response = HttpResponse(
        content.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="index-{table.round.label}.xlsx"'
    return response


def _stored_report_pdf(view: Any) -> Any:
    """Answer a published report's PDF from its file, when the file is of the latest results.

    Only the report as published (no cities picked) is kept; any other, or one not
    rendered yet, goes on to the view and is rendered on demand (``offers_pdf``).
    """

    def wrapper(request: HttpRequest, slug: str) -> HttpResponseBase:
        if request.GET.get("format") != "pdf" or request.GET.getlist("peers"):
            return view(request, slug)
        city = get_city_for_view(request.user, slug)
        index_round = _round_from_query(request, None) or reports.latest_round_for(city)
        language = (get_language() or "en")[:2]
        stored = (
            ReportFile.objects.filter(
                round=index_round,
                city=city,
                language=language,
                version__in=RoundSummary.objects.filter(round=index_round).values("version"),
            ).first()
            if index_round
            else None
        )
        if stored is None:
            return view(request, slug)
        name = f"{city.slug}-{index_round.label}-{language}.pdf"  # type: ignore[union-attr]
        return file_response(
            stored.file,
            content_type="application/pdf",
            filename=name,
            public=not request.user.is_authenticated,
        )

    return wraps(view)(wrapper)


@_with_chart_style
@cache_public_page(scopes=["index"])
@_stored_report_pdf
@offers_pdf
def city_report(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a city's results report for a round: rank, peers, areas, progress, learn from."""
    city = get_city_for_view(request.user, slug)
    index_round = _round_from_query(request, None) or reports.latest_round_for(city)
    custom_ids = [int(i) for i in request.GET.getlist("peers") if i.isdigit()][:30]
    find = request.GET.get("find", "").strip()[:100]
    report = (
        reports.build_city_report(city, index_round, custom_ids=custom_ids, find=find)
        if index_round
        else None
    )
    if report is None:
        raise Http404
    return render(request, "index/city_report.html", reports.report_page_context(report))
