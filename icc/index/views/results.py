"""Pages of the Index results: the network table (CSV, XLSX) and a city's report."""

from functools import wraps
from io import BytesIO
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.csp import CSP
from django.utils.translation import gettext as _

from icc.accounts.permissions import is_secretariat
from icc.core.exports import CsvWriter, xlsx_row
from icc.core.page_cache import cache_public_page
from icc.core.pdf import offers_pdf
from icc.index.models import Response, Round
from icc.index.results import charts, reports, selectors
from icc.network.models import NationalNetwork
from icc.network.permissions import get_city_for_view


def _round_from_query(request: HttpRequest, default: Round | None) -> Round | None:
    round_id = request.GET.get("round", "")
    if round_id.isdigit():
        return Round.objects.select_related("edition").filter(pk=int(round_id)).first()
    return default


@cache_public_page(scopes=["index"])
def results_table(request: HttpRequest) -> HttpResponse:
    """Show every city's published scores for a round, sorted and filtered; export as CSV."""
    rounds = reports.published_rounds()
    index_round = _round_from_query(request, selectors.default_results_round())
    sample = reports.sample_for(index_round) if index_round else None
    rows = list(sample.entries) if sample else []
    query = request.GET.get("q", "").strip().casefold()
    if query:
        rows = [row for row in rows if query in row.name.casefold()]
    network = NationalNetwork.objects.filter(slug=request.GET.get("network", "")).first()
    if network is not None:
        # Ranks stay those of the whole sample; the filter only narrows the rows shown.
        members = set(network.cities.values_list("pk", flat=True))
        rows = [row for row in rows if row.city_id in members]
    sort = request.GET.get("sort", "overall")
    if sample and sort in sample.area_codes:
        # A city without a score in the area comes last; a score of 0 is a score.
        rows.sort(
            key=lambda row: (
                row.areas.get(sort) is None,
                -row.areas.get(sort, 0),
                row.name,
            )
        )
    elif sort == "name":
        rows.sort(key=lambda row: row.name)
    ranks = (
        selectors.competition_ranks({e.city_id: e.overall for e in sample.entries})
        if sample
        else {}
    )
    if request.GET.get("format") == "csv" and sample:
        return _results_csv(sample, rows, ranks)
    if request.GET.get("format") == "xlsx" and sample:
        return _results_xlsx(sample, rows, ranks)
    completion = None
    if index_round and is_secretariat(request.user):
        completion = {
            status: index_round.responses.filter(status=status).count()
            for status in Response.Status
        }
    context = {
        "rounds": rounds,
        "round": index_round,
        "sample": sample,
        "rows": rows,
        "ranks": ranks,
        "sort": sort,
        "query": request.GET.get("q", ""),
        "networks": NationalNetwork.objects.only("name", "slug"),
        "network": network,
        "completion": completion,
        "status_labels": dict(Response.Status.choices),
    }
    return render(request, "index/results_table.html", context)


def _results_csv(sample: reports.Sample, rows: list[Any], ranks: dict[int, int]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="index-{sample.round.label}.csv"'
    writer = CsvWriter(response)
    writer.writerow(["city", "slug", "rank", "overall", *sample.area_codes])
    for row in rows:
        writer.writerow(
            [
                row.name,
                row.slug,
                ranks[row.city_id],
                row.overall,
                *[row.areas.get(code, "") for code in sample.area_codes],
            ]
        )
    return response


def _with_chart_style(view: Any) -> Any:
    """Allow the charts' inline style in the page's Content-Security-Policy, by its hash."""

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        policy = dict(getattr(settings, "SECURE_CSP", {}))
        if policy:
            policy["style-src"] = [*policy.get("style-src", [CSP.SELF]), *charts.style_sources()]
            response._csp_config = policy  # type: ignore[attr-defined]
        return response

    return wraps(view)(wrapper)


def _results_xlsx(sample: reports.Sample, rows: list[Any], ranks: dict[int, int]) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sample.round.label[:31])
    sheet.append(
        xlsx_row(
            sheet,
            [
                _("City"),
                _("Rank"),
                _("Overall index"),
                *[sample.area_names[code] for code in sample.area_codes],
            ],
        )
    )
    for row in rows:
        sheet.append(
            xlsx_row(
                sheet,
                [
                    row.name,
                    ranks[row.city_id],
                    row.overall,
                    *[row.areas.get(code) for code in sample.area_codes],
                ],
            )
        )
    content = BytesIO()
    workbook.save(content)
    response = HttpResponse(
        content.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="index-{sample.round.label}.xlsx"'
    return response


@_with_chart_style
@cache_public_page(scopes=["index"])
@offers_pdf
def city_report(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a city's results report for a round: rank, peers, areas, progress, learn from."""
    city = get_city_for_view(request.user, slug)
    index_round = _round_from_query(request, None) or reports.latest_round_for(city)
    custom_ids = [int(i) for i in request.GET.getlist("peers") if i.isdigit()][:30]
    report = (
        reports.build_city_report(city, index_round, custom_ids=custom_ids) if index_round else None
    )
    if report is None:
        raise Http404
    return render(request, "index/city_report.html", reports.report_page_context(report))
