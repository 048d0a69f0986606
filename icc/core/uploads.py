"""Check what an uploaded file really is, from its content, before anything keeps it.

A file's name is the sender's word; its first bytes (and, for office documents, the
inside of the ZIP archive) say what it is. ``check_upload`` refuses a file whose content
does not match its extension, with a message a person understands, and returns the type
to store and serve it under. ``CheckedFileField`` runs the check in any form.
"""

import codecs
import zipfile
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, BinaryIO, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileType:
    """One kind of file the platform accepts: its extensions, type and how to recognise it."""

    name: "str | Promise"
    extensions: tuple[str, ...]
    content_type: str
    matches: Callable[[BinaryIO], bool]


def _starts_with(*signatures: bytes) -> Callable[[BinaryIO], bool]:
    def matches(stream: BinaryIO) -> bool:
        head = stream.read(16)
        return any(head.startswith(signature) for signature in signatures)

    return matches


def _image(pillow_format: str, *signatures: bytes) -> Callable[[BinaryIO], bool]:
    """Recognise an image by its first bytes, then by Pillow reading it whole.

    Thumbnails are made with Pillow, so an image it cannot read is refused here.
    """

    def matches(stream: BinaryIO) -> bool:
        head = stream.read(16)
        if not any(_signature_matches(head, signature) for signature in signatures):
            return False
        stream.seek(0)
        from PIL import Image

        try:
            with Image.open(stream) as image:
                image.verify()
                return image.format == pillow_format
        except Exception:  # Pillow raises many kinds of errors on a broken file.
            return False

    return matches


def _signature_matches(head: bytes, signature: bytes) -> bool:
    """Compare the first bytes with a signature in which ``?`` stands for any byte."""
    return len(head) >= len(signature) and all(
        s == ord("?") or h == s for h, s in zip(head, signature, strict=False)
    )


def _office_open_xml(folder: str) -> Callable[[BinaryIO], bool]:
    """Recognise a Word, Excel or PowerPoint file: a ZIP with its content types and folder."""

    def matches(stream: BinaryIO) -> bool:
        try:
            with zipfile.ZipFile(stream) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)

    return matches


def _open_document(mimetype: str) -> Callable[[BinaryIO], bool]:
    """Recognise an OpenDocument file: a ZIP whose ``mimetype`` entry names its kind."""

    def matches(stream: BinaryIO) -> bool:
        try:
            with zipfile.ZipFile(stream) as archive:
                return archive.read("mimetype").strip() == mimetype.encode()
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            return False

    return matches


def _is_text(stream: BinaryIO) -> bool:
    """Recognise plain text: UTF-8 throughout, without the NUL bytes of binary files."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(64 * 1024):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


PDF = FileType("PDF", ("pdf",), "application/pdf", _starts_with(b"%PDF-"))
PNG = FileType("PNG", ("png",), "image/png", _image("PNG", b"\x89PNG\r\n\x1a\n"))
JPEG = FileType("JPEG", ("jpg", "jpeg"), "image/jpeg", _image("JPEG", b"\xff\xd8\xff"))
GIF = FileType("GIF", ("gif",), "image/gif", _image("GIF", b"GIF87a", b"GIF89a"))
WEBP = FileType("WebP", ("webp",), "image/webp", _image("WEBP", b"RIFF????WEBP"))
DOCX = FileType(
    "Word (.docx)",
    ("docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    _office_open_xml("word/"),
)
XLSX = FileType(
    "Excel (.xlsx)",
    ("xlsx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    _office_open_xml("xl/"),
)
PPTX = FileType(
    "PowerPoint (.pptx)",
    ("pptx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    _office_open_xml("ppt/"),
)
ODT = FileType(
    "OpenDocument (.odt)",
    ("odt",),
    "application/vnd.oasis.opendocument.text",
    _open_document("application/vnd.oasis.opendocument.text"),
)
ODS = FileType(
    "OpenDocument (.ods)",
    ("ods",),
    "application/vnd.oasis.opendocument.spreadsheet",
    _open_document("application/vnd.oasis.opendocument.spreadsheet"),
)
CSV = FileType("CSV", ("csv",), "text/csv", _is_text)
TEXT = FileType(_("Text (.txt)"), ("txt",), "text/plain", _is_text)

IMAGES = (JPEG, PNG, WEBP)
# Signed decisions, statements, reports: documents and their scans.
DOCUMENTS = (PDF, DOCX, ODT, JPEG, PNG)
ALL_TYPES = (PDF, PNG, JPEG, GIF, WEBP, DOCX, XLSX, PPTX, ODT, ODS, CSV, TEXT)
# Types a browser may show in the page's place; every other one is downloaded.
INLINE_TYPES = frozenset(t.content_type for t in (PDF, PNG, JPEG, GIF, WEBP))


def extension_of(name: str) -> str:
    """Return the lower-case extension of a file name, without its dot ('' when none)."""
    return PurePath(name).suffix.lower().lstrip(".")


def type_for_name(name: str) -> str:
    """Return the content type a stored file is served with, from its extension.

    Files were checked at upload, so the extension says what they hold; an unknown one is
    served as bytes to download.
    """
    extension = extension_of(name)
    for file_type in ALL_TYPES:
        if extension in file_type.extensions:
            return file_type.content_type
    return "application/octet-stream"


def describe(types: Collection[FileType]) -> str:
    """Return the accepted types as a person reads them: 'PDF, Word (.docx), JPEG'."""
    return ", ".join(str(file_type.name) for file_type in types)


def check_upload(
    upload: UploadedFile, *, types: Collection[FileType], max_bytes: int = MAX_UPLOAD_BYTES
) -> FileType:
    """Return the type of an acceptable upload; raise ``ValidationError`` saying why not.

    The extension chooses the expected type; the content must then be of that type. The
    file is left rewound, ready to be saved.
    """
    size = upload.size or 0
    if size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB."),
            params={"size": round(size / 1_048_576, 1), "limit": max_bytes // 1_048_576},
            code="too_large",
        )
    extension = extension_of(upload.name or "")
    expected = next((t for t in types if extension in t.extensions), None)
    if expected is None:
        raise ValidationError(
            _("Files of this type are not accepted. Accepted: %(types)s."),
            params={"types": describe(types)},
            code="wrong_type",
        )
    upload.seek(0)
    try:
        matches = expected.matches(cast(BinaryIO, upload))
    finally:
        upload.seek(0)
    if not matches:
        raise ValidationError(
            _(
                "This file is not a real %(type)s file: its content does not match its "
                "name. Save it again as %(type)s, or choose another file."
            ),
            params={"type": expected.name},
            code="content_mismatch",
        )
    return expected


def _accepted(types: tuple[FileType, ...], max_bytes: int) -> str:
    return gettext("%(types)s; %(size)s MB at most.") % {
        "types": describe(types),
        "size": max_bytes // 1_048_576,
    }


# Worded when shown, so each reader sees it in their language.
_accepted_help = lazy(_accepted, str)


class CheckedFileField(forms.FileField):
    """A file field that accepts only ``types``, checked by content; its help text lists them.

    The cleaned upload carries the type found, as ``upload.checked_type``.
    """

    def __init__(
        self,
        *,
        types: Collection[FileType] = DOCUMENTS,
        max_bytes: int = MAX_UPLOAD_BYTES,
        **kwargs: Any,
    ) -> None:
        self.types = tuple(types)
        self.max_bytes = max_bytes
        kwargs.setdefault("help_text", _accepted_help(self.types, max_bytes))
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        extensions = (f".{e}" for t in self.types for e in t.extensions)
        return attrs | {"accept": ",".join(extensions)}

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if isinstance(upload, UploadedFile):
            upload.checked_type = check_upload(  # type: ignore[attr-defined]
                upload, types=self.types, max_bytes=self.max_bytes
            )
        return upload
