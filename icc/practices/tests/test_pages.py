"""Pages of practices: search with facets, reading in either language, files, feed, API."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from PIL import Image

from icc.accounts.services import create_api_token
from icc.network.models import City
from icc.practices import services
from icc.practices.forms import MAX_UPLOAD_BYTES
from icc.practices.models import PracticeAttachment
from icc.practices.tests.conftest import write_practice

pytestmark = pytest.mark.django_db


def png_bytes(size: tuple[int, int] = (900, 600)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, "teal").save(output, format="PNG")
    return output.getvalue()


@pytest.fixture(autouse=True)
def _media(tmp_path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_a_visitor_finds_a_practice_by_a_french_search_with_a_facet(visitor, lyon, oslo) -> None:
    write_practice(
        lyon,
        fr={"title": "Accueil des réfugiés", "summary": "Un guichet unique."},
        areas=("welcoming",),
        publish=True,
    )
    write_practice(
        oslo, en={"title": "Welcoming refugees in Oslo"}, areas=("welcoming",), publish=True
    )
    with translation.override("fr"):
        url = reverse("practices:practice-list")
    response = visitor.client().get(url, {"q": "accueillir", "country": "FR"})
    page = response.content.decode()
    results = page[page.index('id="results-title"') : page.index("</section>")]
    assert response.status_code == 200
    assert "Accueil des réfugiés" in results and "Welcoming refugees" not in results
    assert 'name="country" value="FR" checked' in page


def test_the_reader_sees_the_other_language_with_a_notice(visitor, lyon: City) -> None:
    practice = write_practice(
        lyon, fr={"title": "Accueil des réfugiés", "summary": "Un guichet."}, publish=True
    )
    with translation.override("en"):
        url = practice.get_absolute_url()
    page = visitor.client().get(url).content.decode()
    assert "Accueil des réfugiés" in page
    assert "has not been written in your language" in page


def test_an_image_gets_a_thumbnail(lyon_coordinator, lyon: City) -> None:
    practice = write_practice(lyon, en={"title": "With a photo"})
    upload = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    response = lyon_coordinator.client().post(
        reverse("practices:attachment-add", args=[practice.slug]),
        {"title": "The desk", "file": upload},
    )
    attachment = PracticeAttachment.objects.get()
    assert response.status_code == 302
    assert attachment.content_type == "image/png" and attachment.thumbnail
    with Image.open(attachment.thumbnail) as thumbnail:
        assert max(thumbnail.size) <= 480


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ\x90\x00binary", "not accepted"),
        ("fake.pdf", b"<html>not a pdf</html>", "not a real PDF file"),
        ("fake.png", b"GIF89a not really", "not a real PNG file"),
    ],
)
def test_wrong_files_are_refused_with_a_clear_message(
    lyon_coordinator, lyon, name, content, message
) -> None:
    practice = write_practice(lyon, en={"title": "Files"})
    response = lyon_coordinator.client().post(
        reverse("practices:attachment-add", args=[practice.slug]),
        {"file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not PracticeAttachment.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=None, FILE_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_an_oversized_file_is_refused(lyon_coordinator, lyon) -> None:
    practice = write_practice(lyon, en={"title": "Files"})
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * MAX_UPLOAD_BYTES)
    response = lyon_coordinator.client().post(
        reverse("practices:attachment-add", args=[practice.slug]), {"file": big}
    )
    assert response.status_code == 200 and "the limit is 10" in response.content.decode()


def test_others_cannot_add_files(oslo_coordinator, lyon) -> None:
    practice = write_practice(lyon, en={"title": "Files"}, publish=True)
    response = oslo_coordinator.client().get(
        reverse("practices:attachment-add", args=[practice.slug])
    )
    assert response.status_code == 403


def test_the_feed_lists_new_practices(visitor, lyon) -> None:
    write_practice(lyon, en={"title": "Feed me"}, publish=True)
    write_practice(lyon, en={"title": "Not yet"})
    response = visitor.client().get(reverse("practices:practice-feed"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Feed me" in body and "Not yet" not in body


def test_the_secretariat_keeps_the_challenges(secretariat, lyon_coordinator) -> None:
    url = reverse("practices:challenge-list")
    response = secretariat.client().post(
        url,
        {
            "slug": "hate-speech",
            "name_en": "Hate speech",
            "name_fr": "Discours de haine",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert (
        lyon_coordinator.client()
        .post(url, {"slug": "x", "name_en": "x", "name_fr": "x"})
        .status_code
        == 403
    )


def test_the_api_searches_with_facets(client, lyon, oslo) -> None:
    write_practice(lyon, fr={"title": "Accueil des réfugiés"}, areas=("welcoming",), publish=True)
    write_practice(oslo, en={"title": "Refugee cafés"}, areas=("language",), publish=True)
    body = client.get("/api/v1/practices", {"q": "réfugié", "area": "welcoming"}).json()
    assert body["count"] == 1
    assert body["results"][0]["practice"]["texts"][0]["title"] == "Accueil des réfugiés"
    assert {v["value"]: v["count"] for v in body["facets"]["area"]} == {"welcoming": 1}
    assert client.get("/api/v1/practices", {"q": '"((("'}).status_code == 200


def test_the_api_lists_a_citys_drafts_by_token(
    client, lyon_coordinator, oslo_coordinator, lyon
) -> None:
    write_practice(lyon, en={"title": "Lyon draft"})
    _token, key = create_api_token(lyon_coordinator.user, name="t")
    body = client.get("/api/v1/practices/drafts", headers={"Authorization": f"Bearer {key}"})
    assert [p["slug"] for p in body.json()] == ["lyon-draft"]
    _token, key = create_api_token(oslo_coordinator.user, name="t")
    body = client.get("/api/v1/practices/drafts", headers={"Authorization": f"Bearer {key}"})
    assert body.json() == []
    assert client.get("/api/v1/practices/drafts").status_code == 401


def test_the_api_hides_drafts(client, lyon) -> None:
    practice = write_practice(lyon, en={"title": "Hidden"})
    assert client.get(f"/api/v1/practices/{practice.slug}").status_code == 404
    services.submit_practice(practice, submitted_by=None)
    services.publish_practice(practice, published_by=None)
    assert client.get(f"/api/v1/practices/{practice.slug}").status_code == 200
