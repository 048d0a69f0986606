"""Search behaviour; the same tests run on SQLite (FTS5) and PostgreSQL (tsvector)."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from icc.network.models import City
from icc.practices import search, services
from icc.practices.models import Challenge
from icc.practices.search import Filters, parse_query, stem_english, stem_french
from icc.practices.tests.conftest import write_practice

pytestmark = pytest.mark.django_db


def titles(results: search.SearchResults) -> list[str]:
    return [hit.text.title if hit.text else "" for hit in results.hits]


def test_french_stemmer_gives_inflections_one_stem() -> None:
    assert stem_french("accueillir") == stem_french("accueil") == stem_french("accueillis")
    assert stem_french("refugies") == stem_french("refugie")
    assert stem_french("logements") == stem_french("logement")


def test_sqlite_stems_as_postgresql_does() -> None:
    # Stems PostgreSQL 15 gives with to_tsvector('french'|'english', …) on these words.
    french = {"accueillir": "accueil", "accueillent": "accueillent", "logements": "log"}
    english = {"refugees": "refuge", "housing": "hous", "cities": "citi", "integrated": "integr"}

    assert {word: stem_french(word) for word in french} == french
    assert {word: stem_english(word) for word in english} == english


def test_a_french_verb_finds_the_noun_without_accents(lyon: City) -> None:
    write_practice(
        lyon, fr={"title": "Accueil des réfugiés", "summary": "Un guichet unique."}, publish=True
    )
    write_practice(lyon, fr={"title": "Jardins partagés", "summary": "Des potagers."}, publish=True)
    assert titles(search.search("accueillir", language="fr")) == ["Accueil des réfugiés"]
    assert titles(search.search("refugies", language="fr")) == ["Accueil des réfugiés"]
    assert titles(search.search("RÉFUGIÉ", language="fr")) == ["Accueil des réfugiés"]


def test_a_feminine_plural_finds_the_masculine_plural(lyon: City) -> None:
    # Stemmed before folding: « réfugiés » and « réfugiées » share a stem, accents or not.
    assert stem_french("réfugiés") == stem_french("réfugiées") == stem_french("réfugié")
    write_practice(lyon, fr={"title": "Accueil des réfugiées", "summary": "Un toit."}, publish=True)
    for typed in ("réfugiés", "réfugiée", "refugies", "refugiees", "REFUGIÉS"):
        assert titles(search.search(typed, language="fr")) == ["Accueil des réfugiées"], typed
    assert titles(search.search('"accueil des réfugiés"', language="fr")) == [
        "Accueil des réfugiées"
    ]


def test_english_words_are_stemmed(lyon: City) -> None:
    write_practice(
        lyon,
        en={
            "title": "Welcoming refugees",
            "summary": "Volunteers welcomed newcomers at the station.",
        },
        publish=True,
    )
    assert titles(search.search("refugee welcome")) == ["Welcoming refugees"]
    assert titles(search.search("newcomer")) == ["Welcoming refugees"]


def test_the_title_ranks_above_the_body(lyon: City) -> None:
    write_practice(
        lyon, en={"title": "Library hours", "summary": "Mediation in the library."}, publish=True
    )
    write_practice(
        lyon, en={"title": "Mediation service", "summary": "A team of mediators."}, publish=True
    )
    assert titles(search.search("mediation")) == ["Mediation service", "Library hours"]


def test_phrases_match_words_in_order(lyon: City) -> None:
    write_practice(
        lyon, en={"title": "Anti-rumour network", "summary": "Public space for all."}, publish=True
    )
    write_practice(
        lyon, en={"title": "Space agency", "summary": "All public events."}, publish=True
    )
    assert titles(search.search('"public space"')) == ["Anti-rumour network"]
    assert len(search.search("public space").hits) == 2


def test_drafts_are_not_found(lyon: City) -> None:
    write_practice(lyon, en={"title": "Secret draft about housing"})
    assert search.search("housing").total == 0


def test_the_index_follows_edits_and_deletes(lyon: City) -> None:
    practice = write_practice(
        lyon, en={"title": "Football for all", "summary": "Sport."}, publish=True
    )
    assert search.search("football").total == 1
    services.update_practice(
        practice,
        changed_by=None,
        expected_version=None,
        texts={"en": {"title": "Cricket for all", "summary": "Sport."}},
    )
    assert search.search("football").total == 0
    assert search.search("cricket").total == 1
    services.update_practice(
        practice,
        changed_by=None,
        expected_version=None,
        texts={"fr": {"title": "Le cricket pour tous", "summary": "Du sport."}},
    )
    assert search.search("tous", language="fr").total == 1
    services.unpublish_practice(practice, unpublished_by=None)
    assert search.search("cricket").total == 0
    services.submit_practice(practice, submitted_by=None)
    services.publish_practice(practice, published_by=None)
    assert search.search("cricket").total == 1
    services.delete_practice(practice, deleted_by=None)
    assert search.search("cricket").total == 0
    assert search.rebuild_index() == 0


def test_facets_count_and_combine_with_the_query(
    lyon: City, oslo: City, barcelona: City, housing: Challenge, refugees: Challenge
) -> None:
    write_practice(
        lyon,
        en={"title": "Housing for refugees"},
        areas=("welcoming",),
        challenges=(housing, refugees),
        started_year=2019,
        publish=True,
    )
    write_practice(
        oslo,
        en={"title": "Refugee language cafés"},
        areas=("language",),
        challenges=(refugees,),
        started_year=2021,
        publish=True,
    )
    write_practice(
        barcelona,
        en={"title": "Anti-rumour network"},
        areas=("media",),
        level="local",
        started_year=2021,
        publish=True,
    )
    results = search.search("refugee")
    assert results.total == 2
    counts = {
        name: {value.value: value.count for value in values}
        for name, values in results.facets.items()
    }
    assert counts["challenge"] == {"refugee-reception": 2, "housing": 1}
    assert counts["country"] == {"FR": 1, "NO": 1}
    assert counts["area"] == {"welcoming": 1, "language": 1}
    assert counts["year"] == {"2019": 1, "2021": 1}
    assert counts["level"] == {"local": 2}
    narrowed = search.search("refugee", filters=Filters(country=("NO",)))
    assert titles(narrowed) == ["Refugee language cafés"]
    # A facet keeps the counts of its other values, so a choice can be widened.
    assert {v.value: v.count for v in narrowed.facets["country"]} == {"FR": 1, "NO": 1}
    assert {v.value: v.count for v in narrowed.facets["area"]} == {"language": 1}
    assert search.search("", filters=Filters(year=(2021,))).total == 2
    assert titles(search.search("", filters=Filters(area=("media",)))) == ["Anti-rumour network"]


def test_snippets_highlight_matches_and_escape_markup(lyon: City) -> None:
    write_practice(
        lyon,
        en={
            "title": "Schools",
            "summary": "Parents <script>alert(1)</script> meet teachers in intercultural schools.",
        },
        publish=True,
    )
    hit = search.search("teacher").hits[0]
    assert "<mark>teachers</mark>" in hit.snippet
    assert "<script>" not in hit.snippet


def test_the_other_language_is_shown_when_the_readers_is_missing(lyon: City) -> None:
    write_practice(
        lyon, fr={"title": "Accueil des réfugiés", "summary": "Un guichet."}, publish=True
    )
    hit = search.search("accueil", language="en").hits[0]
    assert hit.is_other_language and hit.text is not None and hit.text.language == "fr"


ODD_QUERIES = [
    '"',
    '""',
    '"unclosed phrase',
    "AND",
    "OR NOT",
    "NEAR(a b)",
    "a* -b +c",
    "title:housing",
    "(((",
    "')); DROP TABLE practices_practice; --",
    "😀🏳️‍🌈",
    "\x00",
    "a" * 2000,
    "refugee " * 400,
    "«accueil»",
    "&|!<->:*",
    "^",
    "\\",
    "%_",
    "the",
    "le la les",
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_never_fail(lyon: City, query: str) -> None:
    write_practice(lyon, en={"title": "Refugee housing"}, publish=True)
    results = search.search(query, filters=Filters(country=("FR",)), language="fr")
    assert results.total in (0, 1)


def test_a_query_is_cut_to_its_first_words() -> None:
    parsed = parse_query(" ".join(f"word{number}" for number in range(100)))
    assert len(parsed.loose) == search.MAX_TERMS


def test_pages_split_the_results(lyon: City) -> None:
    for number in range(3):
        write_practice(lyon, en={"title": f"Festival {number}"}, publish=True)
    first = search.search("festival", page_size=2)
    second = search.search("festival", page_size=2, page=2)
    assert len(first.hits) == 2 and len(second.hits) == 1
    assert not {hit.practice.pk for hit in first.hits} & {hit.practice.pk for hit in second.hits}
    assert search.search("festival", page_size=2, page="999").page.number == 2


def test_a_choice_in_two_facets_counts_each_facet_without_its_own_choice(
    lyon: City, oslo: City, housing: Challenge
) -> None:
    write_practice(
        lyon, en={"title": "Festival A"}, areas=("media",), started_year=2019, publish=True
    )
    write_practice(
        oslo, en={"title": "Festival B"}, areas=("media",), started_year=2021, publish=True
    )
    write_practice(
        oslo, en={"title": "Festival C"}, areas=("language",), started_year=2019, publish=True
    )
    results = search.search("festival", filters=Filters(country=("NO",), year=(2019,)))
    assert titles(results) == ["Festival C"]
    counts = {name: {v.value: v.count for v in values} for name, values in results.facets.items()}
    # Each facet counts the practices passing the other facet's choice.
    assert counts["country"] == {"FR": 1, "NO": 1}
    assert counts["year"] == {"2019": 1, "2021": 1}
    assert counts["area"] == {"language": 1}


def test_a_very_common_query_is_ranked_and_counted_on_its_newest_matches(lyon: City) -> None:
    practices = [
        write_practice(lyon, en={"title": f"Festival {n}"}, started_year=2018 + n, publish=True)
        for n in range(4)
    ]
    results = search.search("festival", max_matches=2)
    assert results.is_capped and results.max_matches == 2
    assert results.total == 2
    assert {hit.practice.pk for hit in results.hits} == {practices[2].pk, practices[3].pk}
    assert {v.value: v.count for v in results.facets["year"]} == {"2020": 1, "2021": 1}
    exact = search.search("festival", max_matches=4)
    assert not exact.is_capped and exact.total == 4


def test_the_results_page_says_when_only_the_newest_matches_are_counted(
    client: Any, lyon: City, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(3):
        write_practice(lyon, en={"title": f"Festival {number}"}, publish=True)
    monkeypatch.setattr(search.matching, "MAX_MATCHES", 2)
    with translation.override("en"):
        page = client.get(reverse("practices:practice-list"), {"q": "festival"})
        api = client.get("/api/v1/practices", {"q": "festival"})
    assert "More than 2 practices contain these words" in page.content.decode()
    assert "2 practices among the 2 most recently added that match" in page.content.decode()
    assert api.json()["is_capped"] is True and api.json()["count"] == 2


def test_counts_without_words_follow_edits_unpublishing_and_deletes(lyon: City, oslo: City) -> None:
    first = write_practice(
        lyon, en={"title": "Welcome desk"}, areas=("welcoming",), started_year=2019, publish=True
    )
    write_practice(oslo, en={"title": "Radio"}, areas=("media",), started_year=2021, publish=True)
    write_practice(oslo, en={"title": "Unpublished draft"}, areas=("media",))

    def counts(facet: str) -> dict[str, int]:
        return {value.value: value.count for value in search.search("").facets[facet]}

    assert counts("country") == {"FR": 1, "NO": 1}
    assert counts("area") == {"welcoming": 1, "media": 1}
    services.update_practice(
        first, changed_by=None, expected_version=None, areas=["media", "language"]
    )
    assert counts("area") == {"media": 2, "language": 1}
    services.unpublish_practice(first, unpublished_by=None)
    assert counts("country") == {"NO": 1} and search.search("").total == 1
    services.delete_practice(first, deleted_by=None)
    assert counts("area") == {"media": 1}
    assert search.rebuild_index() == 1 and counts("year") == {"2021": 1}
