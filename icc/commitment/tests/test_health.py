"""The health rules: each concern is a sentence from a stated rule, never a bare number."""

from datetime import date, timedelta

from django.utils import timezone, translation

from icc.commitment import selectors, services
from icc.commitment.health import CityFacts, SignatoryFact, concerns_for

TODAY = date(2026, 11, 27)


def messages(facts: CityFacts) -> list[str]:
    return [concern.message for concern in concerns_for(facts, today=TODAY)]


def test_a_healthy_city_has_no_concern() -> None:
    facts = CityFacts(
        city_id=1,
        last_index_on=date(2025, 1, 1),
        coordinator_name="Camille",
        coordinator_active_on=date(2026, 11, 1),
    )
    assert messages(facts) == []


def test_signatory_who_left_office_is_named_with_the_month() -> None:
    facts = CityFacts(
        city_id=1,
        last_index_on=date(2025, 1, 1),
        coordinator_name="C",
        coordinator_active_on=TODAY,
        signatories=[SignatoryFact("signed statement of intent", "Jean Dupont", date(2026, 3, 20))],
    )
    assert messages(facts) == [
        "The signatory of the signed statement of intent, Jean Dupont, left office in March 2026."
    ]


def test_election_near_counts_the_days_and_comes_first() -> None:
    facts = CityFacts(
        city_id=1,
        next_election_on=TODAY + timedelta(days=45),
        last_index_on=date(2022, 1, 1),
        coordinator_name="C",
        coordinator_active_on=TODAY,
    )
    assert messages(facts) == ["Election in 45 days.", "No Index answer for 4 years."]


def test_inactive_coordinator_and_missing_mayor() -> None:
    facts = CityFacts(
        city_id=1,
        last_index_on=date(2025, 1, 1),
        coordinator_name="Camille",
        coordinator_active_on=TODAY - timedelta(days=190),
        has_current_mayor=False,
    )
    assert messages(facts) == [
        "The coordinator, Camille, has been inactive for 6 months.",
        "No current mayor is recorded.",
    ]


def test_dates_in_concerns_follow_the_readers_language() -> None:
    facts = CityFacts(
        city_id=1,
        last_index_on=date(2025, 1, 1),
        coordinator_name="C",
        coordinator_active_on=TODAY,
        signatories=[SignatoryFact("charte", "Jean Dupont", date(2026, 3, 20))],
    )
    with translation.override("fr"):
        assert "mars 2026" in messages(facts)[0]


def test_city_health_reads_the_facts_from_the_records(lyon, lyon_coordinator, secretariat):
    today = timezone.localdate()
    term = services.record_office_term(
        lyon,
        kind="mayor",
        holder_name="Ancien Maire",
        starts_on=date(2014, 4, 1),
        ends_on=today - timedelta(days=40),
        recorded_by=secretariat.user,
    )
    services.record_instrument(
        lyon,
        kind="signed_statement",
        signed_on=date(2015, 1, 1),
        signatory_name="Ancien Maire",
        signatory_term=term,
        recorded_by=secretariat.user,
    )
    services.record_election(
        lyon, office_kind="mayor", held_on=today + timedelta(days=45), recorded_by=secretariat.user
    )
    concerns = {
        concern.rule: concern.message for concern in selectors.city_health(lyon, today=today)
    }
    assert concerns["election_near"] == "Election in 45 days."
    assert "Ancien Maire, left office in" in concerns["signatory_left"]
    assert concerns["index_missing"] == "No Index answer on record."
    assert concerns["coordinator_inactive"] == (
        "The coordinator, Camille Martin, has never signed in."
    )
    assert concerns["no_mayor"] == "No current mayor is recorded."


def test_network_health_puts_the_most_urgent_city_first(lyon, oslo, secretariat) -> None:
    today = timezone.localdate()
    services.record_election(
        oslo, office_kind="mayor", held_on=today + timedelta(days=10), recorded_by=secretariat.user
    )
    rows = selectors.network_health(today=today)
    assert rows[0][0] == oslo
    assert rows[0][1][0].message == "Election in 10 days."


def test_the_api_gives_the_concerns_as_sentences(lyon, lyon_coordinator, client) -> None:
    from icc.accounts.services import create_api_token

    _token, key = create_api_token(lyon_coordinator.user, name="sync")
    response = client.get(
        "/api/v1/cities/lyon/commitment-health", headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 200
    rules = {concern["rule"]: concern["message"] for concern in response.json()}
    assert rules["index_missing"] == "No Index answer on record."
