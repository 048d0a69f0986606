"""The home page: the map of member cities with its list, the latest news, events, Index."""

import re
from datetime import date, timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from icc.events.tests.conftest import plan_event
from icc.index.tests.factories import publish_result, shipped_round
from icc.network import services as network_services
from icc.network.models import City
from icc.practices import services as practice_services
from icc.practices.models import Story
from icc.practices.tests.conftest import write_practice


@pytest.fixture
def geneva(db: None) -> City:
    return network_services.create_city(
        created_by=None,
        name="Geneva",
        names={"fr": "Genève"},
        slug="geneva",
        country="CH",
        latitude="46.2044",
        longitude="6.1432",
        status=City.Status.MEMBER,
        joined_on="2010-03-01",
    )


@pytest.fixture
def montreal(db: None) -> City:
    return network_services.create_city(
        created_by=None,
        name="Montreal",
        names={"fr": "Montréal"},
        slug="montreal",
        country="CA",
        latitude="45.5019",
        longitude="-73.5674",
        status=City.Status.MEMBER,
        joined_on="2011-03-01",
    )


def dots(html: str, map_id: str) -> list[str]:
    svg = re.search(rf'<svg class="member-map-svg member-map-{map_id}".*?</svg>', html, re.S)
    assert svg, f"no {map_id} map"
    return re.findall(r"<circle [^>]*><title>([^<]*)</title>", svg.group(0))


def test_map_places_members_and_lists_them_in_the_readers_language(
    client: Client, geneva, montreal, lyon, oslo
) -> None:
    french = client.get("/fr/").content.decode()
    # Lyon and Oslo have no coordinates: listed, not drawn.
    assert dots(french, "europe") == ["Genève"]
    assert sorted(dots(french, "world")) == ["Genève", "Montréal"]
    assert '<a href="/fr/villes/geneva/">Genève</a>' in french
    assert '<a href="/fr/villes/lyon/">Lyon</a>' in french
    assert re.search(r"<strong>Suisse\u00a0:</strong> <a [^>]*>Genève</a>", french)
    assert "4 villes membres, par pays" in french
    english = client.get("/en/").content.decode()
    assert re.search(r"<strong>Switzerland:</strong> <a [^>]*>Geneva</a>", english)
    assert 'role="img"' in english


def test_map_shows_only_members_but_lists_those_without_coordinates(
    client: Client, geneva, lyon
) -> None:
    network_services.create_city(
        created_by=None, name="Limassol", slug="limassol", country="CY", latitude="34.7",
        longitude="33.0", status=City.Status.APPLICANT,
    )  # fmt: skip
    html = client.get("/en/").content.decode()
    assert "Limassol" not in html
    assert sorted(dots(html, "europe")) == ["Geneva"]
    assert '<a href="/en/cities/lyon/">Lyon</a>' in html


def test_map_is_drawn_on_the_server_without_other_hosts(client: Client, geneva) -> None:
    html = client.get("/en/").content.decode()
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<script src" not in html.split('<svg class="member-map-svg')[1].split("</svg>")[0]


def test_latest_practices_stories_and_next_events_are_shown(client: Client, lyon, oslo) -> None:
    write_practice(lyon, en={"title": "Welcome desks"}, fr={"title": "Guichets d’accueil"},
                   publish=True)  # fmt: skip
    write_practice(oslo, en={"title": "A draft nobody may read"})
    practice_services.save_story(
        None, saved_by=None, kind=Story.Kind.STORY, city=oslo, is_published=True,
        texts={"en": {"title": "Oslo’s libraries open late", "body": "Text."}},
    )  # fmt: skip
    today = timezone.localdate()
    plan_event("Annual meeting", today + timedelta(days=30), french="Réunion annuelle")
    plan_event("Last year’s meeting", today - timedelta(days=300))
    french = Client().get("/fr/").content.decode()
    assert "Guichets d’accueil" in french
    assert "A draft nobody may read" not in french
    # A story written only in English is labelled as English on the French page.
    assert re.search(r'<li lang="en"><a href="[^"]+">Oslo’s libraries open late</a>', french)
    assert "Réunion annuelle" in french
    assert "Last year’s meeting" not in french


def test_index_highlights_give_the_round_and_its_leaders(client: Client, lyon, oslo) -> None:
    index_round = shipped_round(label="2024", opens_on=date(2024, 1, 1))
    publish_result(index_round, lyon, level=0.8)
    publish_result(index_round, oslo, level=0.5)
    html = client.get("/en/").content.decode()
    section = html.split('id="index-highlights-title"')[1].split("</section>")[0]
    assert "Index 2024: 2 cities compared" in section
    assert section.index(">Lyon</a>") < section.index(">Oslo</a>")


@override_settings(ICC_PUBLIC_PAGE_CACHE_SECONDS=600)
def test_home_page_is_cached_for_visitors_and_fresh_after_a_write(
    client: Client, geneva, lyon, django_assert_num_queries, django_capture_on_commit_callbacks
) -> None:
    client.get("/en/")
    # A hit reads the content generations only (one query), never the map or the news.
    with django_assert_num_queries(1):
        client.get("/en/")
    with django_capture_on_commit_callbacks(execute=True):
        write_practice(lyon, en={"title": "Fresh practice"}, publish=True)
    assert "Fresh practice" in client.get("/en/").content.decode()


def test_nothing_to_show_leaves_no_empty_section(client: Client, db: None) -> None:
    html = client.get("/en/").content.decode()
    assert 'id="events-title"' not in html
    assert 'id="latest-title"' not in html
    assert 'id="index-highlights-title"' not in html
    assert "0 member cities, by country" in html
