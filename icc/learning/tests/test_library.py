"""The resource library: versions with what changed, search, downloads per city, access."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from icc.core.downloads import download_url
from icc.learning import library
from icc.learning.models import Resource, ResourceDownload
from icc.learning.services import library as services


def pdf(name: str = "logo.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 logo", content_type="application/pdf")


def make_resource(by, *, slug="brand-kit", visibility="members", kind="pack", files=True):
    return services.create_resource(
        created_by=by,
        slug=slug,
        category="brand_kit",
        audience="all_members",
        kind=kind,
        visibility=visibility,
        texts={
            "en": {
                "title": "Brand kit",
                "summary": "Logos for welcoming cities",
                "body": "Use the logo.",
            },
            "fr": {
                "title": "Kit de marque",
                "summary": "Logos pour l'accueil",
                "body": "Utilisez le logo.",
            },
        },
        uploads=[("", pdf())] if files else [],
    )


def test_a_new_version_keeps_the_old_and_says_what_changed(secretariat):
    resource = make_resource(secretariat.user)
    first = resource.current
    second = services.add_version(
        resource,
        created_by=secretariat.user,
        note="New colours",
        texts={
            "en": {"title": "Brand kit", "body": "Use the new logo."},
            "fr": {"title": "Kit de marque", "body": "Utilisez le logo."},
        },
        uploads=[("fr", pdf("logo-fr.pdf"))],
    )
    changes = library.compare(first, second)
    body = next(c for c in changes["texts"] if c.field == "body" and c.language == "en")
    assert ("removed", "Use the logo.") in body.lines and (
        "added",
        "Use the new logo.",
    ) in body.lines
    assert changes["added"] == [("fr", "logo-fr.pdf")] and changes["removed"] == []
    assert resource.versions.count() == 2


def test_a_pack_without_files_and_a_fake_file_are_refused(secretariat):
    with pytest.raises(ValidationError, match="at least one file"):
        make_resource(secretariat.user, files=False)
    fake = SimpleUploadedFile("logo.png", b"not an image")
    with pytest.raises(ValidationError, match="not a real PNG"):
        services.create_resource(
            created_by=secretariat.user,
            slug="x",
            category="logos",
            audience="everyone",
            kind="pack",
            visibility="public",
            texts={"en": {"title": "X"}, "fr": {"title": "X"}},
            uploads=[("", fake)],
        )
    assert not Resource.objects.exists()


def test_search_uses_the_practices_engine_in_both_languages(secretariat):
    resource = make_resource(secretariat.user)
    everything = Resource.objects.all()
    assert library.search_resources(everything, "welcome") == [resource.pk]
    assert library.search_resources(everything, "accueillir") == [resource.pk]
    assert library.search_resources(everything, '"kit de marque"') == [resource.pk]
    assert library.search_resources(everything, "budget") == []
    assert library.search_resources(everything, 'OR ) * " NEAR(') == []
    services.add_version(
        resource,
        created_by=secretariat.user,
        note="",
        texts={"en": {"title": "Budget kit"}, "fr": {"title": "Kit budgétaire"}},
    )
    # Only the current version is found; the old words are gone from the index.
    assert library.search_resources(everything, "budget") == [resource.pk]
    assert library.search_resources(everything, "welcome") == []
    assert library.search_resources(Resource.objects.none(), "budget") == []


def test_downloads_are_counted_per_city_and_members_only_stays_hidden(
    secretariat, lyon_coordinator, client
):
    resource = make_resource(secretariat.user)
    row = resource.current.files.get()
    url = download_url(row.file)
    page = lyon_coordinator.client().get(resource.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page
    assert client.get(url).status_code == 302  # a visitor is asked to sign in
    response = lyon_coordinator.client().get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="logo.pdf"' in response["Content-Disposition"]
    lyon_coordinator.client().get(url)
    counted = ResourceDownload.objects.get(resource=resource)
    assert counted.city.slug == "lyon" and counted.count == 2
    assert not ResourceDownload.objects.filter(city=None).exists()
    assert client.get("/en/learning/library/").content.decode().count("brand-kit") == 0
    page = secretariat.client().get(f"/en/learning/library/{resource.slug}/").content.decode()
    assert "Lyon" in page
