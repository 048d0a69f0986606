"""Render our own HTML pages as PDF with WeasyPrint, a bounded number at a time."""

import fcntl
import mimetypes
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache, wraps
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache as shared_cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify

from icc.core.clients import client_key
from icc.core.site import absolute_url

_fonts = threading.local()


@cache
def _static_files_fetcher() -> Any:
    """Return a WeasyPrint fetcher that reads static files from disk and nothing else.

    It holds no state, so one serves the whole process (building one costs a tenth of a
    second).
    """
    # WeasyPrint takes seconds to import: only pages that render a PDF pay for it.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = urlsplit(url).path
            if path.startswith(settings.STATIC_URL):
                relative = _unhashed(path.removeprefix(settings.STATIC_URL))
                found = finders.find(relative)
                if found and Path(found).is_file():
                    mime_type, _ = mimetypes.guess_type(found)
                    return URLFetcherResponse(
                        url, Path(found).read_bytes(), {"Content-Type": mime_type or "text/plain"}
                    )
            raise ValueError(f"PDF rendering does not fetch {url}")

    return StaticFilesFetcher()


def _unhashed(relative: str) -> str:
    """Return the source name of a static file whose name carries a content hash."""
    stem, dot, suffix = relative.rpartition(".")
    base, _dot, digest = stem.rpartition(".")
    if dot and base and len(digest) == 12 and all(c in "0123456789abcdef" for c in digest):
        return f"{base}.{suffix}"
    return relative


def html_to_pdf(html: str, *, base_url: str) -> bytes:
    """Return the PDF of ``html``, with its stylesheets read from the static files."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url, url_fetcher=_static_files_fetcher()).write_pdf(
        font_config=_font_config()
    )


def warm_up() -> None:
    """Render a one-line page, so this thread's fonts are ready for the first real PDF."""
    html_to_pdf("<p>.</p>", base_url="http://localhost/")


def _font_config() -> Any:
    """Return this thread's font configuration: Pango's font map is not shared across threads."""
    from weasyprint.text.fonts import FontConfiguration

    if not hasattr(_fonts, "config"):
        _fonts.config = FontConfiguration()
    return _fonts.config


def offers_pdf(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let a content page answer ``?format=pdf`` with the PDF of the same page.

    The view runs as usual, so the reader's permissions apply to the PDF too. Rendering
    costs a second or more, so each client (person or address) may have
    ``ICC_PDF_RENDERS_PER_MINUTE`` rendered a minute; the public page cache answers
    repeated requests for the same public PDF without rendering it again. At most
    ``ICC_PDF_CONCURRENT_RENDERS`` render at once on a machine; a request that finds no
    free slot within ``ICC_PDF_WAIT_SECONDS`` is answered 503 with ``Retry-After``, so
    the other workers keep serving pages (decision 0037).
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wants_pdf = request.GET.get("format") == "pdf"
        # Templates read the flag to leave out what makes no sense on paper.
        request.is_pdf = wants_pdf  # type: ignore[attr-defined]
        if wants_pdf and not _may_render(request):
            response = render(request, "429.html", status=429)
            response["Retry-After"] = "60"
            return response
        response = view(request, *args, **kwargs)
        if not wants_pdf or response.status_code != 200:
            return response
        if hasattr(response, "render") and callable(response.render):
            response.render()
        with render_slot() as has_slot:
            if not has_slot:
                busy = render(request, "pdf_busy.html", {"page_url": request.path}, status=503)
                busy["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
                add_never_cache_headers(busy)
                return busy
            pdf = html_to_pdf(response.content.decode(), base_url=absolute_url("/"))
        name = slugify(request.path.strip("/").replace("/", "-")) or "page"
        pdf_response = HttpResponse(pdf, content_type="application/pdf")
        pdf_response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        if getattr(request, "user", None) and request.user.is_authenticated:
            # What a signed-in person reads may be theirs alone: never kept on the way.
            add_never_cache_headers(pdf_response)
        return pdf_response

    wrapper.offers_pdf = True  # type: ignore[attr-defined]
    return wrapper


def _may_render(request: HttpRequest) -> bool:
    """Count one PDF render for the client, unless it has had its share this minute."""
    key = f"pdf-renders:{client_key(request)}"
    shared_cache.add(key, 0, 60)
    try:
        return shared_cache.incr(key) <= settings.ICC_PDF_RENDERS_PER_MINUTE
    except ValueError:  # the count expired between the two calls: this is the first
        shared_cache.add(key, 1, 60)
        return True


# How long a refused reader is asked to wait: a render takes one to a few seconds.
BUSY_RETRY_AFTER_SECONDS = 30
_SLOT_POLL_SECONDS = 0.05


@contextmanager
def render_slot() -> Iterator[bool]:
    """Hold one of the machine's PDF render slots while the block runs; yield False if none.

    A slot is an exclusive ``flock`` on one of ``ICC_PDF_CONCURRENT_RENDERS`` files in
    ``ICC_PDF_SLOTS_DIR`` (``var/pdf-slots/``), shared by every worker process of the
    machine; the kernel releases it when the process ends, even one killed by gunicorn's
    timeout, so a slot is never lost. 0 slots means no bound.
    """
    slots = settings.ICC_PDF_CONCURRENT_RENDERS
    if slots == 0:
        yield True
        return
    folder = Path(settings.ICC_PDF_SLOTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + settings.ICC_PDF_WAIT_SECONDS
    while True:
        for number in range(slots):
            descriptor = os.open(folder / f"slot-{number}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(descriptor)
                continue
            try:
                yield True
            finally:
                os.close(descriptor)  # closing releases the lock
            return
        if time.monotonic() >= deadline:
            yield False
            return
        time.sleep(_SLOT_POLL_SECONDS)
