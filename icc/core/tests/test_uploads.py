"""The content check of uploads: a file must be what its name says."""

import io
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from PIL import Image

from icc.core import uploads


def _zip(entries: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return output.getvalue()


def _image(pillow_format: str) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(output, format=pillow_format)
    return output.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})

GOOD = [
    ("report.pdf", b"%PDF-1.7\n...", "application/pdf"),
    ("scan.PNG", _image("PNG"), "image/png"),
    ("photo.jpeg", _image("JPEG"), "image/jpeg"),
    ("photo.webp", _image("WEBP"), "image/webp"),
    ("anim.gif", _image("GIF"), "image/gif"),
    ("letter.docx", DOCX, uploads.DOCX.content_type),
    ("table.xlsx", XLSX, uploads.XLSX.content_type),
    ("letter.odt", ODT, uploads.ODT.content_type),
    ("figures.csv", "année;personnes\n2024;1200\n".encode(), "text/csv"),
    ("notes.txt", "\ufeffNotes de réunion".encode(), "text/plain"),
]

BAD = [
    ("decision.pdf", b"Signed by the mayor, honestly.", "content_mismatch"),
    ("scan.png", _image("JPEG"), "content_mismatch"),
    ("photo.jpg", b"\xff\xd8\xff but broken", "content_mismatch"),
    ("letter.docx", _zip({"readme.txt": b"not word"}), "content_mismatch"),
    ("letter.docx", ODT, "content_mismatch"),
    ("letter.odt", DOCX, "content_mismatch"),
    ("table.xlsx", DOCX, "content_mismatch"),
    ("notes.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "content_mismatch"),
    ("notes.txt", b"caf\xe9 in Latin-1", "content_mismatch"),
    ("tool.exe", b"MZ\x90\x00", "wrong_type"),
    ("no-extension", b"%PDF-1.4", "wrong_type"),
]


@pytest.mark.parametrize(("name", "content", "content_type"), GOOD)
def test_a_file_whose_content_matches_its_name_is_accepted(name, content, content_type) -> None:
    upload = SimpleUploadedFile(name, content)
    found = uploads.check_upload(upload, types=uploads.ALL_TYPES)
    assert found.content_type == content_type
    assert upload.tell() == 0


@pytest.mark.parametrize(("name", "content", "code"), BAD)
def test_a_file_that_is_not_what_its_name_says_is_refused(name, content, code) -> None:
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(SimpleUploadedFile(name, content), types=uploads.ALL_TYPES)
    assert error.value.code == code


def test_a_type_the_form_does_not_take_is_refused_naming_those_it_takes() -> None:
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(SimpleUploadedFile("figures.csv", b"a,b\n"), types=uploads.DOCUMENTS)
    assert "Accepted: PDF, Word (.docx), OpenDocument (.odt), JPEG, PNG." in error.value.messages[0]


def test_a_file_over_the_limit_is_refused_before_it_is_read() -> None:
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2_000_000)
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(upload, types=uploads.DOCUMENTS, max_bytes=1_048_576)
    assert error.value.code == "too_large"


class DocumentForm(forms.Form):
    document = uploads.CheckedFileField(label="Document", required=False)


def test_the_form_field_says_why_in_the_readers_language() -> None:
    upload = SimpleUploadedFile("decision.pdf", b"plain text")
    with translation.override("fr"):
        form = DocumentForm(files=MultiValueDict({"document": [upload]}))
        assert not form.is_valid()
        message = form.errors["document"][0]
        help_text = str(form.fields["document"].help_text)
    assert "PDF" in message and "not a real" not in message
    assert "10" in help_text


def test_the_form_field_tells_the_browser_which_files_to_offer() -> None:
    html = str(DocumentForm()["document"])
    assert 'accept=".pdf,.docx,.odt,.jpg,.jpeg,.png"' in html


def test_the_form_field_hands_on_the_type_found() -> None:
    form = DocumentForm(files=MultiValueDict({"document": [SimpleUploadedFile("letter.odt", ODT)]}))
    assert form.is_valid()
    assert form.cleaned_data["document"].checked_type is uploads.ODT
