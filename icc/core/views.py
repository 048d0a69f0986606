"""Site-wide views: liveness and the error pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def health(request: HttpRequest) -> HttpResponse:
    """Answer that the server is up; also the bare view the benchmarks compare with."""
    return HttpResponse(b"ok", content_type="text/plain")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Render the 404 page in the reader's language."""
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Render the 403 page in the reader's language."""
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """Render the 500 page without touching the database."""
    return render(request, "500.html", status=500)
