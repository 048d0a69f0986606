"""Texts of the Index that showed in English on French pages."""

from django.utils import translation

from icc.index.tests.factories import shipped_round


def test_edition_title_follows_the_readers_language(db: None) -> None:
    edition = shipped_round().edition
    with translation.override("fr"):
        assert edition.title() == edition.title_fr
    with translation.override("en"):
        assert edition.title() == edition.title_en
    assert edition.title_fr != edition.title_en


def test_edition_file_help_text_is_french_on_the_french_page(secretariat) -> None:
    page = secretariat.client().get("/fr/index/editions/").content.decode()
    assert "Un fichier JSON ou YAML" in page
    assert "A JSON or YAML file" not in page
    english = secretariat.client().get("/en/index/editions/").content.decode()
    assert "A JSON or YAML file" in english


def test_response_page_gives_the_edition_title_in_french(lyon, lyon_coordinator) -> None:
    from icc.index.services.answers import start_response

    index_round = shipped_round()
    response = start_response(index_round, lyon, started_by=lyon_coordinator.user)
    with translation.override("fr"):
        url = response.get_absolute_url()
    page = lyon_coordinator.client().get(url)
    assert page.status_code == 200
    assert index_round.edition.title_fr in page.content.decode()
