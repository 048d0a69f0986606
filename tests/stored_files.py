"""Stored files of every kind, attached through the services as people attach them.

Shared by the URL walk (``icc/core/tests/url_walk.py``) and the download tests
(``tests/test_file_downloads.py``). Each function is idempotent within one test, since
the walk asks for its arguments once per persona.
"""

import io
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from icc.core.downloads import download_url
from icc.network.models import City

PDF_BYTES = b"%PDF-1.4\n% evidence\n"
CSV_BYTES = b"year,people\n2024,1200\n"


def lyon() -> City:
    return City.objects.get(slug="lyon")


def draft_evidence(name: str = "evidence.pdf", content: bytes = PDF_BYTES) -> Any:
    """Return a file attached to an answer of Lyon's draft Index response."""
    from icc.index.models import EvidenceFile, Response
    from icc.index.services.answers import add_evidence_file, save_answer, start_response
    from icc.index.tests.factories import shipped_round

    found = EvidenceFile.objects.filter(name=name, answer__response__city__slug="lyon").first()
    if found is not None:
        return found
    draft = Response.objects.filter(city__slug="lyon", round__label="files-draft").first()
    if draft is None:
        draft = start_response(shipped_round(label="files-draft"), lyon(), started_by=None)
    answer = save_answer(draft, "language.mother_tongues", saved_by=None, expected_version=None)
    return add_evidence_file(answer, upload=SimpleUploadedFile(name, content), uploaded_by=None)


def practice_attachment(*, published: bool) -> Any:
    """Return a PDF attached to a practice of Lyon, published or still a draft."""
    from icc.practices import services
    from icc.practices.models import PracticeAttachment
    from icc.practices.tests.conftest import write_practice

    title = "Published file" if published else "Draft file"
    found = PracticeAttachment.objects.filter(title=title).first()
    if found is not None:
        return found
    practice = write_practice(lyon(), en={"title": f"Practice with a {title.lower()}"})
    attachment = services.add_attachment(
        practice,
        added_by=None,
        upload=SimpleUploadedFile("leaflet.pdf", PDF_BYTES),
        title=title,
        content_type="application/pdf",
    )
    if published:
        services.submit_practice(practice, submitted_by=None)
        services.publish_practice(practice, published_by=None)
    return attachment


def practice_image() -> Any:
    """Return a PNG picture of a published practice of Lyon, with its thumbnail."""
    from PIL import Image

    from icc.practices import services
    from icc.practices.models import PracticeAttachment
    from icc.practices.tests.conftest import write_practice

    found = PracticeAttachment.objects.filter(title="Picture").first()
    if found is not None:
        return found
    practice = write_practice(lyon(), en={"title": "Practice with a picture"})
    png = io.BytesIO()
    Image.new("RGB", (600, 400), "teal").save(png, format="PNG")
    attachment = services.add_attachment(
        practice,
        added_by=None,
        upload=SimpleUploadedFile("desk.png", png.getvalue()),
        title="Picture",
        content_type="image/png",
    )
    services.submit_practice(practice, submitted_by=None)
    services.publish_practice(practice, published_by=None)
    return attachment


def membership_document() -> Any:
    """Return the signed statement of intent of Lyon's join steps."""
    from icc.network import services
    from icc.network.models import JoinStep

    found = JoinStep.objects.filter(city__slug="lyon").exclude(document="").first()
    if found is not None:
        return found
    return services.update_join_step(
        lyon(),
        JoinStep.Kind.STATEMENT_OF_INTENT,
        changed_by=None,
        state="done",
        state_on=date(2008, 1, 10),
        document=ContentFile(PDF_BYTES, name="decision.pdf"),
    )


def expert_report() -> Any:
    """Return the expert visit of Lyon with its Intercultural Profile report."""
    from icc.network import services
    from icc.network.models import ExpertVisit

    found = ExpertVisit.objects.filter(city__slug="lyon").first()
    if found is not None:
        return found
    return services.record_expert_visit(
        lyon(),
        recorded_by=None,
        experts=[],
        starts_on=date(2008, 3, 1),
        ends_on=date(2008, 3, 2),
        profile_report=ContentFile(PDF_BYTES, name="profile.pdf"),
    )


def instrument() -> Any:
    """Return a council resolution of Lyon with its document."""
    from icc.commitment import services
    from icc.commitment.models import CommitmentInstrument

    found = CommitmentInstrument.objects.filter(city__slug="lyon").first()
    if found is not None:
        return found
    return services.record_instrument(
        lyon(),
        kind=CommitmentInstrument.Kind.COUNCIL_RESOLUTION,
        signed_on=date(2008, 1, 10),
        signatory_name="Mayor of Lyon",
        recorded_by=None,
        document=ContentFile(PDF_BYTES, name="resolution.pdf"),
    )


def suspend_lyon() -> None:
    """Suspend Lyon through the membership service, once."""
    from icc.network import services

    if lyon().status != City.Status.SUSPENDED:
        services.change_city_status(
            lyon(),
            to=City.Status.SUSPENDED,
            reason="Fees unpaid",
            changed_on=date(2026, 1, 1),
            changed_by=None,
        )


def url_of(row: Any, field: str = "file") -> str:
    """Return the checked download address of a row's file."""
    return download_url(getattr(row, field))


def url_kwargs_of(row: Any, field: str = "file") -> dict[str, Any]:
    """Return the ``reverse()`` arguments of a row's download address."""
    from django.urls import resolve

    return dict(resolve(url_of(row, field)).kwargs)
