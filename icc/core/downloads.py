"""Serve uploaded files after the permission check of the page that links them.

Uploads are never reachable at a public address. Each app registers its kinds of file
(the model, the file field, and the permission function of its ``permissions.py``) from
``AppConfig.ready()``; pages link a file through ``download_url`` (the ``download_url``
template filter), and the one view ``core.views.download_file`` checks the permission and answers
through ``file_response``.

In production the web server sends the bytes: with ``ICC_FILE_SEND_HEADER`` set to
``X-Accel-Redirect`` (nginx) the answer carries the internal location
``ICC_FILE_SEND_PREFIX`` + the stored name and no body; with ``X-Sendfile`` (Apache,
lighttpd) the absolute path. Empty, Django streams the file itself (``make demo``).

On an S3-compatible object store (``ICC_S3_BUCKET``) the web server cannot see the files,
so the application streams them after the check, keeping its own type, name, ``nosniff``
and policy headers; with ``ICC_S3_REDIRECT_SECONDS`` it redirects instead to an address
the store signs for that many seconds, which spares the app server the bytes but leaves
the ``nosniff`` and policy headers out (the store cannot send them). See
docs/deployment.md.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.csp import CSP, build_policy
from django.utils.http import RFC3986_SUBDELIMS, content_disposition_header

from icc.core.uploads import INLINE_TYPES, type_for_name

# How long a browser or proxy may keep a file that everyone may download.
PUBLIC_MAX_AGE = 3600
PRIVATE = "private, no-store"
# A file is no page: nothing loads from it, nothing frames it. The browser's own image and
# PDF viewers style the document they wrap around the file, so inline styles stay allowed.
FILE_CSP = {
    "default-src": [CSP.NONE],
    "img-src": [CSP.SELF],
    "object-src": [CSP.SELF],
    "style-src": [CSP.UNSAFE_INLINE],
    "frame-ancestors": [CSP.NONE],
}


@dataclass(frozen=True)
class FileKind:
    """One kind of downloadable file: where it is stored and who may download it.

    ``may_download(user, row)`` is the app's permission function; ``content_type(row)``
    the type checked at upload, when the row keeps it; ``filename(row)`` the name the
    file is saved under, when the row keeps the uploaded one; ``on_download(user, row)``
    is called once the permission is checked and the file found, before it is sent (an
    app counts its downloads there, as the learning library does per city).
    """

    slug: str
    model: type[Model]
    field: str
    may_download: Callable[[Any, Any], bool]
    select_related: tuple[str, ...] = ()
    content_type: Callable[[Any], str] | None = None
    filename: Callable[[Any], str] | None = None
    on_download: Callable[[Any, Any], None] | None = None


_KINDS: dict[str, FileKind] = {}
_BY_FIELD: dict[tuple[type[Model], str], FileKind] = {}


def register_file_kind(kind: FileKind) -> None:
    """Make the files of ``kind.model.kind.field`` downloadable, under ``kind.permission``."""
    _KINDS[kind.slug] = kind
    _BY_FIELD[(kind.model, kind.field)] = kind


def get_file_kind(slug: str) -> FileKind | None:
    """Return the registered kind of file named ``slug`` in addresses, if any."""
    return _KINDS.get(slug)


def download_url(file: FieldFile) -> str:
    """Return the address where a stored file is downloaded after the permission check.

    Raises ``LookupError`` for a field no app registered: a page must never link a file
    that nobody checks.
    """
    model = file.instance._meta.concrete_model or type(file.instance)
    kind = _BY_FIELD.get((model, file.field.name))
    if kind is None:
        raise LookupError(f"No file kind is registered for {file.field}.")
    name = PurePath(file.name or "").name
    return reverse(
        "file-download", kwargs={"kind": kind.slug, "pk": file.instance.pk, "name": name}
    )


def download_url_maker(model: type[Model], field: str) -> Callable[[int, str], str]:
    """Return a function giving the address ``download_url`` gives for a row's stored name.

    For pages that link hundreds of files of one kind: the address is reversed once, and
    each file only fills in its number and its quoted name, as ``reverse()`` quotes it.
    """
    kind = _BY_FIELD.get((model, field))
    if kind is None:
        raise LookupError(f"No file kind is registered for {model.__name__}.{field}.")
    prefix = reverse("file-download", kwargs={"kind": kind.slug, "pk": 0, "name": "x"})
    prefix = prefix.removesuffix("0/x")

    def make(pk: int, stored_name: str) -> str:
        name = quote(PurePath(stored_name or "").name, safe=RFC3986_SUBDELIMS + "/~:@")
        return f"{prefix}{pk}/{name}"

    return make


def file_response(
    file: FieldFile,
    *,
    content_type: str | None = None,
    filename: str | None = None,
    public: bool = False,
) -> HttpResponseBase:
    """Answer with a stored file: its checked type, its name, never sniffed.

    PDFs and images open in the browser, every other type is downloaded. Files that not
    everyone may see are never stored by a browser or proxy (``private, no-store``).
    The web server sends the bytes when ``ICC_FILE_SEND_HEADER`` says how.
    """
    name = filename or PurePath(file.name or "file").name
    content_type = content_type or type_for_name(file.name or "")
    disposition = content_disposition_header(
        as_attachment=content_type not in INLINE_TYPES, filename=name
    )
    on_local_disk = isinstance(file.storage, FileSystemStorage)
    if not on_local_disk and settings.ICC_S3_REDIRECT_SECONDS:
        return _signed_redirect(file, content_type, disposition or "attachment")
    # The web server can only send files it sees on its own disk; an object store's files
    # are streamed by the application (icc.core.downloads module docstring).
    header = settings.ICC_FILE_SEND_HEADER if on_local_disk else ""
    response: HttpResponseBase
    if header:
        response = HttpResponse(content_type=content_type)
        response[header] = _internal_location(file, header)
    else:
        response = FileResponse(file.storage.open(file.name or "", "rb"), content_type=content_type)
    response["Content-Disposition"] = disposition or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response[str(CSP.HEADER_ENFORCE)] = build_policy(FILE_CSP)
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}" if public else PRIVATE
    return response


def _signed_redirect(file: FieldFile, content_type: str, disposition: str) -> HttpResponseBase:
    """Send the browser to an object-store address signed for ``ICC_S3_REDIRECT_SECONDS``.

    The store answers with the checked type and name and never lets anything keep the
    file; the redirect itself is never stored either, since its address expires.
    """
    url = file.storage.url(  # type: ignore[call-arg]
        file.name or "",
        parameters={
            "ResponseContentType": content_type,
            "ResponseContentDisposition": disposition,
            "ResponseCacheControl": PRIVATE,
        },
        expire=settings.ICC_S3_REDIRECT_SECONDS,
    )
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = PRIVATE
    return response


def _internal_location(file: FieldFile, header: str) -> str:
    """Return what tells the web server which file to send.

    nginx takes a URI of an ``internal`` location (the prefix maps to MEDIA_ROOT), other
    servers take the file's path on disk.
    """
    if header.lower() == "x-accel-redirect":
        return settings.ICC_FILE_SEND_PREFIX + quote(file.name or "")
    return file.path
