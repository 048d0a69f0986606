"""Site-wide views: liveness, stored files and the error pages."""

from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from icc.core import opendata
from icc.core.api_changes import API_CHANGES
from icc.core.downloads import file_response, get_file_kind
from icc.core.observability import metrics_registry, readiness
from icc.core.page_cache import cache_public_page
from icc.core.site import absolute_url


def health(request: HttpRequest) -> HttpResponse:
    """Answer that the server is up; also the bare view the benchmarks compare with."""
    return HttpResponse(b"ok", content_type="text/plain")


@require_safe
def download_file(request: HttpRequest, kind: str, pk: int, name: str) -> HttpResponseBase:
    """Send one stored file to a person allowed to see the page that links it.

    A visitor is asked to sign in; a signed-in person without the right gets 404, so
    nobody learns that a file exists.
    """
    file_kind = get_file_kind(kind)
    if file_kind is None:
        raise Http404
    queryset = file_kind.model._default_manager.select_related(*file_kind.select_related)
    row = queryset.filter(pk=pk).first()
    file = getattr(row, file_kind.field, None) if row is not None else None
    if row is None or not file or PurePath(file.name).name != name:
        raise Http404
    if not file_kind.may_download(request.user, row):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    if not file.storage.exists(file.name):
        raise Http404
    if file_kind.on_download is not None:
        file_kind.on_download(request.user, row)
    return file_response(
        file,
        content_type=file_kind.content_type(row) if file_kind.content_type else None,
        filename=file_kind.filename(row) if file_kind.filename else None,
        public=file_kind.may_download(AnonymousUser(), row),
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Render the 404 page in the reader's language."""
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Render the 403 page in the reader's language."""
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """Render the 500 page without touching the database, with the id to quote in a report."""
    context = {"request_id": getattr(request, "request_id", "")}
    return render(request, "500.html", context, status=500)


@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the database, cache, migrations and workers are ready, else 503."""
    checks = readiness()
    is_ready = all(result == "ok" for result in checks.values())
    response = JsonResponse({"ready": is_ready, "checks": checks}, status=200 if is_ready else 503)
    add_never_cache_headers(response)
    return response


@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """Give the metrics to a scraper that presents ``ICC_METRICS_TOKEN``; 404 for anyone else."""
    token = settings.ICC_METRICS_TOKEN
    presented = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token or not constant_time_compare(presented, token):
        raise Http404
    response = HttpResponse(generate_latest(metrics_registry()), content_type=CONTENT_TYPE_LATEST)
    add_never_cache_headers(response)
    return response


@cache_public_page
@require_safe
def open_data_descriptor(request: HttpRequest, language: str = "en") -> JsonResponse:
    """Serve the Data Package descriptor of every public dataset, in one language."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    return JsonResponse(
        opendata.descriptor(language, site_url=absolute_url("/")),
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


@cache_public_page
@require_safe
def open_data_file(request: HttpRequest, name: str, extension: str) -> HttpResponse:
    """Serve one public dataset as CSV or JSON."""
    dataset = opendata.get_dataset(name)
    if dataset is None or extension not in ("csv", "json"):
        raise Http404
    if extension == "csv":
        response = HttpResponse(opendata.as_csv(dataset), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(opendata.as_json(dataset), content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="{name}.{extension}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@cache_public_page(query=())
@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    """List the public datasets, their fields and their downloads, in the reader's language."""
    language = (get_language() or "en")[:2]
    descriptor_url = (
        reverse("open-data-package")
        if language == "en"
        else reverse("open-data-package-language", kwargs={"language": language})
    )
    context = {
        "datasets": opendata.all_datasets(),
        "descriptor_url": descriptor_url,
        "licence": opendata.LICENCE,
    }
    return render(request, "core/open_data.html", context)


@cache_public_page(query=())
@require_safe
def api_changelog(request: HttpRequest) -> HttpResponse:
    """Show what changed in each version of the API, newest first."""
    return render(request, "core/api_changelog.html", {"versions": API_CHANGES})
