"""The Index pages: answering with autosave, review, reply, rounds, import, history, results."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse as django_reverse
from django.utils import translation

from icc.index.models import Answer, AnswerChange, EvidenceFile, Response
from icc.index.services.answers import start_response
from icc.index.services.editions import ensure_shipped_editions
from icc.index.tests.factories import publish_result, shipped_round

pytestmark = pytest.mark.django_db
QUESTION = "language.mother_tongues"


def reverse(*args, **kwargs):
    """Return the English address of a page, whatever language an earlier request left active."""
    with translation.override("en"):
        return django_reverse(*args, **kwargs)


@pytest.fixture
def index_round(secretariat):
    return shipped_round("2019", label="2022", opened_by=secretariat.user)


@pytest.fixture
def draft(index_round, lyon, lyon_coordinator):
    return start_response(index_round, lyon, started_by=lyon_coordinator.user)


def autosave(client, response, data, question=QUESTION):
    return client.post(
        reverse("index:answer-save", kwargs={"pk": response.pk, "question": question}),
        data,
        HTTP_X_REQUESTED_WITH="fetch",
        HTTP_ACCEPT="application/json",
    )


def test_coordinator_starts_and_sees_progress_by_area(index_round, lyon, lyon_coordinator):
    client = lyon_coordinator.client()
    page = client.get(reverse("index:home"))
    assert "Lyon" in page.content.decode()

    started = client.post(reverse("index:response-start", args=[index_round.pk, "lyon"]))
    response = Response.objects.get()
    assert started.status_code == 302 and started["Location"] == response.get_absolute_url()
    detail = client.get(response.get_absolute_url())
    assert detail.status_code == 200
    assert "0 / 4" in detail.content.decode()


def test_autosave_saves_and_reports_the_new_version(draft, lyon_editor):
    client = lyon_editor.client()
    saved = autosave(
        client,
        draft,
        {
            "version": 0,
            "value": "yes",
            "value_present": 1,
            "evidence_text": "Classes in 12 languages",
            "evidence_links": "https://lyon.example/a",
        },
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert body["version"] == 1 and body["progress"] == {"answered": 1, "total": 4}
    answer = Answer.objects.get()
    assert answer.value == "yes" and answer.evidence_links == ["https://lyon.example/a"]
    assert AnswerChange.objects.get().source == "autosave"


def test_a_stale_autosave_gets_409_with_both_versions(draft, lyon_coordinator, lyon_editor):
    autosave(lyon_coordinator.client(), draft, {"version": 0, "value": "yes", "value_present": 1})
    stale = autosave(lyon_editor.client(), draft, {"version": 0, "value": "no", "value_present": 1})
    assert stale.status_code == 409
    body = stale.json()
    assert body["theirs"]["display"] == "Yes" and body["mine"]["display"] == "No"
    assert body["theirs"]["version"] == 1
    assert Answer.objects.get().value == "yes"


def test_outsider_cannot_see_or_save_lyon_answers(draft, oslo_coordinator):
    client = oslo_coordinator.client()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert autosave(client, draft, {"version": 0, "value": "yes"}).status_code == 404


def test_area_page_shows_the_questions_in_french(draft, lyon_coordinator):
    with translation.override("fr"):
        url = django_reverse("index:response-area", kwargs={"pk": draft.pk, "area": "language"})
    page = lyon_coordinator.client().get(url)
    assert page.status_code == 200
    assert "Langue" in page.content.decode()
    with translation.override("fr"):
        label = translation.gettext(
            'Evidence<span class="visually-hidden"> for question %(number)s</span>: '
            "examples and references"
        ) % {"number": 1}
    assert label.startswith("Justificatifs") and label in page.content.decode()


def test_evidence_file_type_is_checked(draft, lyon_editor):
    client = lyon_editor.client()
    url = reverse("index:answer-file", kwargs={"pk": draft.pk, "question": QUESTION})
    client.post(url, {"file": SimpleUploadedFile("report.pdf", b"%PDF-1.4 tiny")})
    client.post(url, {"file": SimpleUploadedFile("virus.exe", b"MZ")})
    client.post(url, {"file": SimpleUploadedFile("fake.pdf", b"<html>")})
    assert list(EvidenceFile.objects.values_list("name", flat=True)) == ["report.pdf"]


def test_review_reply_and_pipeline_through_pages(draft, lyon_coordinator, expert, secretariat):
    coordinator = lyon_coordinator.client()
    autosave(coordinator, draft, {"version": 0, "value": "yes", "value_present": 1})
    coordinator.post(reverse("index:response-step", args=[draft.pk, "submit"]))
    draft.refresh_from_db()
    assert draft.status == Response.Status.SUBMITTED

    review_url = reverse("index:answer-review", kwargs={"pk": draft.pk, "question": QUESTION})
    assert coordinator.post(review_url, {"decision": "accept"}).status_code == 403
    expert.client().post(review_url, {"decision": "query", "comment": "Which languages?"})
    draft.refresh_from_db()
    assert draft.status == Response.Status.RIGHT_OF_REPLY

    review = Answer.objects.get().reviews.get()
    coordinator.post(reverse("index:review-reply", args=[review.pk]), {"reply": "Twelve."})
    coordinator.post(reverse("index:response-step", args=[draft.pk, "consent"]))
    staff = secretariat.client()
    staff.post(reverse("index:response-step", args=[draft.pk, "validate"]))
    draft.refresh_from_db()
    assert draft.status == Response.Status.IN_REVIEW  # the reply is not accepted yet
    staff.post(reverse("index:response-step", args=[draft.pk, "accept"]))
    staff.post(reverse("index:response-step", args=[draft.pk, "validate"]))
    staff.post(reverse("index:response-step", args=[draft.pk, "publish"]))
    draft.refresh_from_db()
    assert draft.status == Response.Status.PUBLISHED

    history = staff.get(reverse("index:response-history", args=[draft.pk]))
    assert history.status_code == 200
    assert "Yes" in history.content.decode() or "Oui" in history.content.decode()
    assert coordinator.get(reverse("index:response-history", args=[draft.pk])).status_code == 403


def test_secretariat_imports_and_sees_errors_by_row(index_round, lyon, secretariat):
    client = secretariat.client()
    url = reverse("index:round-detail", args=[index_round.pk])
    bad = SimpleUploadedFile("a.csv", b"question,answer\nlanguage.nothing,yes\n")
    page = client.post(url, {"city": lyon.pk, "file": bad})
    assert page.status_code == 200
    assert "no question" in page.content.decode() and not Answer.objects.exists()
    good = SimpleUploadedFile("a.csv", b"question,answer\nlanguage.mother_tongues,yes\n")
    assert client.post(url, {"city": lyon.pk, "file": good}).status_code == 302
    assert Answer.objects.get().value == "yes"


def test_secretariat_opens_a_round_through_the_page(secretariat):
    edition = ensure_shipped_editions()["2019"]
    page = secretariat.client().post(
        reverse("index:round-list"),
        {
            "edition": edition.pk,
            "label": "2026",
            "opens_on": "2026-01-01",
            "closes_on": "2026-06-30",
            "population_threshold": 100000,
            "foreign_born_threshold": 10,
        },
    )
    assert page.status_code == 302
    from icc.index.models import Round

    assert Round.objects.get(label="2026").bands == {
        "population": [100000],
        "foreign_born_share": [10.0],
    }


def test_results_table_and_csv(index_round, lyon, oslo, visitor):
    publish_result(index_round, lyon, 0.9)
    publish_result(index_round, oslo, 0.4)
    client = visitor.client()
    page = client.get(reverse("index:results"))
    assert page.status_code == 200
    text = page.content.decode()
    assert text.index("Lyon") < text.index("Oslo")
    exported = client.get(reverse("index:results") + f"?round={index_round.pk}&format=csv")
    lines = exported.content.decode().splitlines()
    assert lines[0].startswith("city,slug,rank,overall,commitment")
    assert lines[1].startswith("Lyon,lyon,1,") and lines[2].startswith("Oslo,oslo,2,")
    from io import BytesIO

    from openpyxl import load_workbook

    workbook = client.get(reverse("index:results") + f"?round={index_round.pk}&format=xlsx")
    sheet = load_workbook(BytesIO(workbook.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("City", "Rank", "Overall index")
    assert rows[1][:2] == ("Lyon", 1) and rows[2][:2] == ("Oslo", 2)


def test_city_report_page(index_round, lyon, oslo, barcelona, visitor):
    publish_result(index_round, lyon, 0.7, spread=0.3)
    publish_result(index_round, oslo, 0.9, spread=0.3)
    publish_result(index_round, barcelona, 0.3, spread=0.3)
    page = visitor.client().get(reverse("index:city-report", args=["lyon"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Lyon: Results of the Intercultural Cities Index" in text
    assert "A comparison between 3 cities" in text
    assert "is positioned 2nd among the 3 cities" in text
    assert text.count("<svg") == 2  # first result: no progress chart yet
    assert (
        visitor.client().get(reverse("index:city-report", args=["reykjavik-x"])).status_code == 404
    )


def test_every_chart_style_is_allowed_by_the_page_policy(index_round, lyon, oslo, visitor):
    import base64
    import hashlib
    import re

    publish_result(index_round, lyon, 0.7, spread=0.3)
    publish_result(index_round, oslo, 0.9, spread=0.3)
    page = visitor.client().get(reverse("index:city-report", args=["lyon"]))
    policy = page["Content-Security-Policy"]
    assert ' style="' not in page.content.decode()  # style attributes: refused by the policy
    assert (
        "<script>" not in page.content.decode() and "text/javascript" not in page.content.decode()
    )
    for style in re.findall(r"<style[^>]*>(.*?)</style>", page.content.decode(), re.DOTALL):
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


@override_settings(ICC_PUBLIC_PAGE_CACHE_SECONDS=600)
def test_a_cached_report_keeps_its_policy_and_headers(
    index_round, lyon, oslo, django_assert_num_queries
):
    publish_result(index_round, lyon, 0.7, spread=0.3)
    publish_result(index_round, oslo, 0.9, spread=0.3)
    url = reverse("index:city-report", args=["lyon"])
    first = Client().get(url)
    # One query: the generation numbers that prove the cached copy is still fresh.
    with django_assert_num_queries(1):
        again = Client().get(url)
    assert again.content == first.content
    assert "sha256-" in again["Content-Security-Policy"]
    for header in ("Content-Security-Policy", "Content-Language", "Vary", "X-Frame-Options"):
        assert again[header] == first[header]


def test_secretariat_builds_every_report_in_the_background(
    index_round, lyon, oslo, secretariat, django_capture_on_commit_callbacks
):
    import zipfile
    from io import BytesIO

    from icc.index.models import ReportBatch

    publish_result(index_round, lyon, 0.7)
    publish_result(index_round, oslo, 0.5)
    client = secretariat.client()

    # The batch is queued once its row is committed.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("index:round-reports", args=[index_round.pk]), {"language": "fr"})

    batch = ReportBatch.objects.get()
    assert (batch.total, batch.done, batch.is_running) == (2, 2, False)
    download = client.get(reverse("index:report-batch-download", args=[batch.pk]))
    names = zipfile.ZipFile(BytesIO(b"".join(download.streaming_content))).namelist()
    assert names == ["lyon-fr.pdf", "oslo-fr.pdf"]
    page = client.get(reverse("index:round-detail", args=[index_round.pk]))
    assert "2" in page.content.decode() and "ZIP" in page.content.decode()
