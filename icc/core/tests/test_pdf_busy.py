"""When every PDF render slot is taken, a PDF request is answered 503 at once, not queued."""

import fcntl
import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import override_settings

from icc.core.pdf import render_slot


@pytest.fixture(autouse=True)
def own_slots(tmp_path: Path, settings: Any) -> None:
    """Slots of this test alone: other test runs on the machine render PDFs too."""
    settings.ICC_PDF_SLOTS_DIR = tmp_path / "pdf-slots"


def _hold_slot(number: int) -> int:
    """Take a render slot as another worker process would."""
    folder = Path(django_settings.ICC_PDF_SLOTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(folder / f"slot-{number}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return descriptor


@override_settings(ICC_PDF_CONCURRENT_RENDERS=1, ICC_PDF_WAIT_SECONDS=0)
def test_pdf_is_refused_with_retry_after_while_the_slots_are_taken(client, lyon) -> None:
    held = _hold_slot(0)
    try:
        busy = client.get("/en/cities/lyon/?format=pdf")
        page = client.get("/en/cities/lyon/")
    finally:
        os.close(held)
    assert busy.status_code == 503
    assert busy["Retry-After"] == "30"
    assert "no-cache" in busy["Cache-Control"]
    assert 'href="/en/cities/lyon/"' in busy.content.decode()
    # The page itself is served meanwhile, and the PDF once the slot is free.
    assert page.status_code == 200
    freed = client.get("/en/cities/lyon/?format=pdf")
    assert freed.status_code == 200
    assert freed["Content-Type"] == "application/pdf"


@override_settings(ICC_PDF_CONCURRENT_RENDERS=2, ICC_PDF_WAIT_SECONDS=0)
def test_slots_are_counted_and_given_back() -> None:
    with render_slot() as first, render_slot() as second, render_slot() as third:
        assert (first, second, third) == (True, True, False)
    with render_slot() as again:
        assert again


@override_settings(ICC_PDF_CONCURRENT_RENDERS=0)
def test_no_bound_when_the_setting_is_zero() -> None:
    with render_slot() as first, render_slot() as second:
        assert first and second
