"""The lab's pages: journeys in both languages, private contacts, the map, the feed, the API."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from icc.policylab import framework
from icc.policylab.models import StrategyMapping, Uptake
from icc.policylab.services import stakeholders
from icc.policylab.tests.conftest import add_body, record


def test_a_journey_shows_confirmed_uptakes_to_visitors_as_a_graph_and_a_list(
    visitor, lyon_coordinator, lyon_practice, region, oslo
) -> None:
    confirmed = record(lyon_practice, adopter_stakeholder=region, confirmed=True)
    record(lyon_practice, by=lyon_coordinator.user, adopter_city=oslo)
    page = visitor.client().get(reverse("policylab:journey", args=[lyon_practice.slug]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and 'role="img"' in html and "<title>" in html
    assert "Auvergne-Rhône-Alpes Region" in html and "Oslo" not in html
    assert reverse("policylab:uptake-detail", args=[confirmed.pk]) in html
    # People with a role also see what waits for confirmation.
    html = lyon_coordinator.client().get(reverse("policylab:journey", args=[lyon_practice.slug]))
    assert "waiting for confirmation" in html.content.decode()


def test_the_journey_page_is_in_french_too(visitor, lyon_practice, region) -> None:
    record(lyon_practice, adopter_stakeholder=region, confirmed=True)
    with translation.override("fr"):
        url = reverse("policylab:journey", args=[lyon_practice.slug])
    html = visitor.client().get(url).content.decode()
    assert url.startswith("/fr/")
    assert "Régional" in html and "Parcours de la pratique" in html


def test_contact_people_are_never_public(
    visitor, expert, oslo_coordinator, reci_coordinator, secretariat, catalonia
) -> None:
    stakeholders.add_contact(
        catalonia, added_by=None, record={"full_name": "Núria Puig", "email": "np@example.org"}
    )
    url = reverse("policylab:stakeholder-detail", args=[catalonia.pk])
    assert visitor.client().get(url).status_code == 302
    for persona in (expert, oslo_coordinator):
        assert "Núria" not in persona.client().get(url).content.decode()
    for persona in (reci_coordinator, secretariat):
        assert "Núria" in persona.client().get(url).content.decode()
    api = visitor.client().get("/api/v1/policylab/uptakes").content.decode()
    assert "Núria" not in api
    # Those who see the contacts may remove them; others may not.
    contact = catalonia.contacts.get()
    remove = reverse("policylab:contact-remove", args=[contact.pk])
    assert oslo_coordinator.client().post(remove).status_code == 403
    assert reci_coordinator.client().post(remove).status_code == 302
    assert not catalonia.contacts.exists()


def test_a_national_coordinator_adds_only_their_countrys_bodies(reci_coordinator) -> None:
    client = reci_coordinator.client()
    data = {"name": "Madrid Region", "level": "regional", "kind": "public_authority"}
    response = client.post(reverse("policylab:stakeholder-create"), data | {"country": "FR"})
    assert response.status_code == 200
    response = client.post(reverse("policylab:stakeholder-create"), data | {"country": "ES"})
    assert response.status_code == 302


def test_the_strategy_map_counts_a_confirmed_regional_uptake(
    reci_coordinator, barcelona_practice, catalonia, spain_strategy
) -> None:
    url = reverse("policylab:strategy-map", args=[spain_strategy.slug])
    client = reci_coordinator.client()
    before = client.get(url).content.decode()
    assert "Anti-rumour agents" not in before
    uptake = record(barcelona_practice, adopter_stakeholder=catalonia)
    assert "Anti-rumour agents" not in client.get(url).content.decode()
    Uptake.objects.filter(pk=uptake.pk).update(status=Uptake.Status.CONFIRMED)
    after = client.get(url).content.decode()
    assert "Anti-rumour agents" in after
    # Mapping: one choice per element, saved together.
    data = {f"coverage_{code}": "covered" for code in framework.element_codes()}
    data["version"] = spain_strategy.version
    assert client.post(url, data).status_code == 302
    assert StrategyMapping.objects.filter(strategy=spain_strategy).count() == len(data) - 1
    # A stale copy is refused.
    assert client.post(url, data).status_code == 409


def test_a_strategy_shows_the_local_practices_that_fed_it(
    visitor, barcelona_practice, catalonia, spain_strategy
) -> None:
    first = record(barcelona_practice, adopter_stakeholder=catalonia, confirmed=True)
    record(
        barcelona_practice,
        strategy=spain_strategy,
        source=first,
        adopted_on=datetime.date(2020, 1, 1),
        confirmed=True,
    )
    html = visitor.client().get(spain_strategy.get_absolute_url()).content.decode()
    assert "Anti-rumour agents" in html and "Generalitat of Catalonia" in html


def test_the_feed_and_the_api_list_confirmed_uptakes(visitor, lyon_practice, region) -> None:
    record(lyon_practice, adopter_stakeholder=region, confirmed=True)
    feed = visitor.client().get(reverse("policylab:uptake-feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "Auvergne-Rhône-Alpes Region took up" in feed.content.decode()
    journey = visitor.client().get(f"/api/v1/policylab/journeys/{lyon_practice.slug}").json()
    assert journey["nodes"][0]["level"] == "regional"
    assert journey["uptakes"][0]["evidence_url"] == "https://example.org/evidence"
    assert visitor.client().get("/api/v1/policylab/journeys/nothing").status_code == 404


def test_a_commitment_is_followed_up_until_done(secretariat, catalonia) -> None:
    from icc.policylab.models import Outcome
    from icc.policylab.services import labs

    lab = labs.create_lab(
        created_by=None, record={"title_en": "Lab", "theme_en": "Theme", "place": "Berlin"}
    )
    session = labs.add_session(
        lab, added_by=None, held_on=datetime.date(2017, 2, 16), agenda_en="Agenda"
    )
    outcome = labs.add_outcome(
        session,
        added_by=None,
        kind="commitment",
        text_en="Write a guide.",
        owner=catalonia,
        due_on=datetime.date(2018, 1, 1),
    )
    url = reverse("policylab:outcome-follow-up", args=[outcome.pk])
    client = secretariat.client()
    # Closing it needs a word on what was done.
    assert client.post(url, {"status": "done", "version": 0}).status_code == 200
    assert (
        client.post(
            url,
            {"status": "done", "follow_up": "Guide out.", "follow_up_language": "en", "version": 0},
        ).status_code
        == 302
    )
    outcome.refresh_from_db()
    assert outcome.status == Outcome.Status.DONE and outcome.closed_on is not None


def test_a_framework_file_with_a_repeated_code_is_refused() -> None:
    data = {
        "principles": [
            {
                "code": "p",
                "title": {"en": "P", "fr": "P"},
                "elements": [
                    {"code": "e", "title": {"en": "E", "fr": "E"}},
                    {"code": "e", "title": {"en": "E", "fr": "E"}},
                ],
            }
        ]
    }
    with pytest.raises(framework.FrameworkError):
        framework.parse(data)
    assert [p.code for p in framework.principles()] == [
        "equality",
        "diversity",
        "interaction",
        "participation",
    ]


def test_a_coordinator_may_not_map_another_countrys_strategy(
    oslo_coordinator, spain_strategy
) -> None:
    url = reverse("policylab:strategy-map", args=[spain_strategy.slug])
    assert oslo_coordinator.client().post(url, {}).status_code == 403
    assert not spain_strategy.mappings.exists()


def test_merging_through_the_page_shows_the_refusal(secretariat, region) -> None:
    duplicate = add_body("Region AURA")
    url = reverse("policylab:stakeholder-merge", args=[duplicate.pk])
    assert secretariat.client().post(url, {"into": region.pk}).status_code == 302
    response = secretariat.client().post(url, {"into": region.pk})
    assert "already merged" in response.content.decode()


def test_an_overdue_commitment_is_told_once_to_its_countrys_coordinators(
    reci_coordinator, catalonia
) -> None:
    from icc.accounts.models import Notification
    from icc.policylab.services import labs

    lab = labs.create_lab(
        created_by=None, record={"title_en": "Lab", "theme_en": "Theme", "place": "Lisbon"}
    )
    session = labs.add_session(
        lab, added_by=None, held_on=datetime.date(2017, 11, 28), agenda_en="Agenda"
    )
    labs.add_outcome(
        session,
        added_by=None,
        kind="commitment",
        text_en="Hold a national lab.",
        owner=catalonia,
        due_on=datetime.date(2018, 12, 31),
    )
    assert labs.remind_overdue_commitments(today=datetime.date(2018, 12, 31)) == 0
    assert labs.remind_overdue_commitments(today=datetime.date(2019, 1, 2)) == 1
    assert labs.remind_overdue_commitments(today=datetime.date(2019, 1, 3)) == 0
    told = Notification.objects.get(kind="policylab.commitment_overdue")
    assert told.recipient == reci_coordinator.user
