"""What the briefing pack tells a new leader: rank, practices, next events (read as HTML).

The PDF itself is tested in test_triggers; its text comes from this HTML.
"""

from datetime import date, timedelta

from django.template.loader import render_to_string
from django.utils import timezone, translation

from icc.commitment import selectors
from icc.events.tests.conftest import plan_event
from icc.index.tests.factories import publish_result, shipped_round
from icc.network.models import City
from icc.practices.tests.conftest import write_practice


def briefing_html(city: City, language: str = "en", today: date | None = None) -> str:
    with translation.override(language):
        context = selectors.briefing_pack_context(city, today=today or timezone.localdate())
        return render_to_string("commitment/briefing_pack.html", context)


def test_the_rank_reads_as_an_ordinal_among_the_cities(lyon, oslo, barcelona) -> None:
    index_round = shipped_round(label="Round 2024")
    publish_result(index_round, lyon, 0.6)
    publish_result(index_round, oslo, 0.9)
    publish_result(index_round, barcelona, 0.3)
    html = briefing_html(lyon)
    assert "ranked 2nd of 3 cities." in html
    assert "positioned" not in html
    # French ordinals come from Django's own catalogue: 2ᵉ, 1ᵉʳ.
    assert "2<sup>e</sup>" in briefing_html(lyon, "fr")
    assert "1<sup>er</sup>" in briefing_html(oslo, "fr")


def test_a_city_alone_in_its_round_is_first_of_one_city(lyon) -> None:
    publish_result(shipped_round(label="Round 2024"), lyon, 0.6)
    assert "ranked 1st of 1 city." in briefing_html(lyon)


def test_the_pack_lists_the_citys_published_practices_only(lyon, oslo) -> None:
    write_practice(lyon, en={"title": "Anti-rumour agents"}, publish=True, started_year=2016)
    write_practice(lyon, en={"title": "Draft welcome desk"})
    write_practice(oslo, en={"title": "Oslo libraries"}, publish=True)
    html = briefing_html(lyon)
    assert "Anti-rumour agents</a> (started in 2016)" in html
    assert "Draft welcome desk" not in html and "Oslo libraries" not in html
    assert "once the practices module offers them" not in html


def test_practices_are_titled_in_the_packs_language(lyon) -> None:
    write_practice(
        lyon,
        en={"title": "Anti-rumour agents"},
        fr={"title": "Agents anti-rumeurs"},
        publish=True,
    )
    assert "Agents anti-rumeurs" in briefing_html(lyon, "fr")


def test_a_city_without_practices_says_so(lyon) -> None:
    assert "No practice published yet." in briefing_html(lyon)


def test_the_pack_lists_the_next_events_that_concern_the_city(lyon, oslo, reci) -> None:
    today = timezone.localdate()
    plan_event("Annual coordinators' meeting", today + timedelta(days=40), city=lyon)
    plan_event("Webinar on anti-rumours", today + timedelta(days=10))
    plan_event("Last year's meeting", today - timedelta(days=300))
    plan_event("Unpublished academy", today + timedelta(days=20), publish=False)
    plan_event("RECI assembly", today + timedelta(days=30), national_network=reci)
    html = briefing_html(lyon)
    assert html.index("Webinar on anti-rumours") < html.index("Annual coordinators")
    assert ", in Lyon" in html
    for absent in ("Last year", "Unpublished academy", "RECI assembly"):
        assert absent not in html


def test_without_events_the_pack_says_the_invitation_will_follow(lyon) -> None:
    assert "the secretariat will send the invitation to the next one" in briefing_html(lyon)
