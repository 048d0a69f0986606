"""``download_url_maker`` gives, for any stored name, the address ``download_url`` gives."""

import pytest

from icc.connections.initiatives.models import DocumentVersion
from icc.core.downloads import download_url, download_url_maker

pytestmark = pytest.mark.django_db

NAMES = ["plan.pdf", "plan final v2.pdf", "été à Lyon.pdf", "a#b?c%d&e+f;g=h.pdf", "x'y(z).pdf"]


def test_the_maker_quotes_every_name_as_reverse_does() -> None:
    make = download_url_maker(DocumentVersion, "file")
    for pk, name in enumerate(NAMES, start=1):
        version = DocumentVersion(pk=pk, number=1)
        version.file.name = f"initiatives/7/{name}"
        assert make(pk, version.file.name) == download_url(version.file), name


def test_an_unregistered_field_is_refused() -> None:
    with pytest.raises(LookupError):
        download_url_maker(DocumentVersion, "content_type")
