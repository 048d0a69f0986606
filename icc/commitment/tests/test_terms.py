"""Offices, terms, elections and instruments: what is recorded and what is refused."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from icc.commitment import services
from icc.commitment.models import OfficeTerm, ReengagementTask
from icc.core.models import Activity


def test_a_term_ending_before_it_starts_is_refused_and_nothing_saved(lyon) -> None:
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        services.record_office_term(
            lyon,
            kind="mayor",
            holder_name="A",
            recorded_by=None,
            starts_on=date(2026, 5, 1),
            ends_on=date(2026, 4, 1),
        )
    assert not OfficeTerm.objects.exists()
    assert not ReengagementTask.objects.exists()


def test_two_overlapping_terms_for_one_office_are_refused(lyon) -> None:
    services.record_office_term(
        lyon,
        kind="deputy_mayor",
        holder_name="A",
        recorded_by=None,
        starts_on=date(2014, 4, 1),
        ends_on=date(2020, 6, 30),
    )
    with pytest.raises(ValidationError, match="overlaps the term of A"):
        services.record_office_term(
            lyon,
            kind="deputy_mayor",
            holder_name="B",
            recorded_by=None,
            starts_on=date(2019, 1, 1),
            ends_on=date(2021, 1, 1),
        )
    assert OfficeTerm.objects.count() == 1


def test_overlapping_term_posted_on_the_page_shows_the_error(lyon, lyon_coordinator) -> None:
    services.record_office_term(
        lyon,
        kind="council",
        holder_name="A",
        recorded_by=None,
        starts_on=date(2020, 1, 1),
        ends_on=date(2026, 1, 1),
    )
    response = lyon_coordinator.client().post(
        "/en/commitment/cities/lyon/terms/new/",
        {"kind": "council", "holder_name": "B", "starts_on": "2025-01-01", "ends_on": "2031-01-01"},
    )
    assert response.status_code == 200
    assert "overlaps the term of A" in response.content.decode()
    assert OfficeTerm.objects.count() == 1


def test_a_new_holder_ends_the_running_term_the_day_before(lyon, lyon_mayor, secretariat):
    starts = date.today()
    services.record_office_term(
        lyon,
        kind="mayor",
        holder_name="Nouvelle Maire",
        starts_on=starts,
        recorded_by=secretariat.user,
    )
    lyon_mayor.refresh_from_db()
    assert lyon_mayor.ends_on == starts - timedelta(days=1)
    assert Activity.objects.about(lyon).filter(verb="office_term.ended").exists()


def test_elections_and_instruments_are_recorded(lyon, lyon_mayor, secretariat) -> None:
    services.record_election(
        lyon, office_kind="mayor", held_on=date(2026, 3, 15), recorded_by=secretariat.user
    )
    instrument = services.record_instrument(
        lyon,
        kind="signed_statement",
        signed_on=date(2021, 1, 10),
        signatory_name="Grégory Doucet",
        signatory_term=lyon_mayor,
        recorded_by=secretariat.user,
    )
    assert instrument.signatory_term == lyon_mayor
    assert lyon.elections.count() == 1


def test_instrument_signed_under_another_citys_term_is_refused(lyon, oslo, lyon_mayor) -> None:
    with pytest.raises(ValidationError):
        services.record_instrument(
            oslo,
            kind="charter",
            signed_on=date(2021, 1, 1),
            signatory_name="X",
            signatory_term=lyon_mayor,
            recorded_by=None,
        )


@pytest.mark.parametrize(
    "name,status",
    [
        ("secretariat", 302),
        ("lyon_coordinator", 302),
        ("lyon_editor", 302),
        ("oslo_coordinator", 403),
        ("expert", 403),
        ("visitor", 302),
    ],
)
def test_who_may_add_an_election(personas, lyon, name, status) -> None:
    response = (
        personas[name]
        .client()
        .post(
            "/en/commitment/cities/lyon/elections/new/",
            {"office_kind": "mayor", "held_on": "2026-03-15"},
        )
    )
    assert response.status_code == status
    allowed = name not in ("oslo_coordinator", "expert", "visitor")
    assert lyon.elections.exists() == allowed


def test_suspended_city_reads_its_commitment_but_cannot_record(lyon, lyon_coordinator, secretariat):
    from icc.network.services import change_city_status

    change_city_status(
        lyon, to="suspended", reason="Fees", changed_on=date.today(), changed_by=secretariat.user
    )
    client = lyon_coordinator.client()
    assert client.get("/en/commitment/cities/lyon/").status_code == 200
    response = client.post(
        "/en/commitment/cities/lyon/elections/new/",
        {"office_kind": "mayor", "held_on": "2026-03-15"},
    )
    assert response.status_code == 403
    assert not lyon.elections.exists()


# Correcting a recorded term ---------------------------------------------------------------


def _two_council_terms(lyon) -> tuple[OfficeTerm, OfficeTerm]:
    first = services.record_office_term(
        lyon,
        kind="council",
        holder_name="Conseil A",
        recorded_by=None,
        starts_on=date(2014, 4, 1),
        ends_on=date(2020, 6, 30),
    )
    second = services.record_office_term(
        lyon,
        kind="council",
        holder_name="Conseil B",
        recorded_by=None,
        starts_on=date(2020, 7, 1),
        ends_on=date(2026, 3, 31),
    )
    return first, second


def test_a_correction_changes_the_term_and_is_in_the_activity_log(lyon, secretariat) -> None:
    first, _second = _two_council_terms(lyon)
    services.correct_office_term(
        first,
        corrected_by=secretariat.user,
        holder_name="Conseil A (corrigé)",
        starts_on=date(2014, 3, 30),
        ends_on=date(2020, 6, 30),
    )
    first.refresh_from_db()
    assert (first.holder_name, first.starts_on) == ("Conseil A (corrigé)", date(2014, 3, 30))
    entry = Activity.objects.about(lyon).get(verb="office_term.corrected")
    assert entry.actor == secretariat.user
    assert entry.changes["starts_on"] == ["2014-04-01", "2014-03-30"]
    assert "ends_on" not in entry.changes
    assert not ReengagementTask.objects.exists()


def test_a_correction_that_inverts_the_term_is_refused_and_nothing_saved(lyon) -> None:
    first, _second = _two_council_terms(lyon)
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        services.correct_office_term(
            first,
            corrected_by=None,
            holder_name="Someone else",
            starts_on=date(2014, 4, 1),
            ends_on=date(2013, 1, 1),
        )
    first.refresh_from_db()
    assert (first.holder_name, first.ends_on) == ("Conseil A", date(2020, 6, 30))
    assert not Activity.objects.filter(verb="office_term.corrected").exists()


def test_a_correction_that_overlaps_the_next_term_is_refused_on_its_end(lyon) -> None:
    first, _second = _two_council_terms(lyon)
    with pytest.raises(ValidationError) as refused:
        services.correct_office_term(
            first,
            corrected_by=None,
            holder_name="Conseil A",
            starts_on=date(2014, 4, 1),
            ends_on=date(2021, 1, 1),
        )
    assert "overlaps the term of Conseil B" in refused.value.message_dict["ends_on"][0]
    first.refresh_from_db()
    assert first.ends_on == date(2020, 6, 30)


def test_a_correction_posted_on_the_page_shows_the_refusal(lyon, lyon_coordinator) -> None:
    _first, second = _two_council_terms(lyon)
    url = f"/en/commitment/cities/lyon/terms/{second.pk}/correct/"
    response = lyon_coordinator.client().post(
        url, {"holder_name": "Conseil B", "starts_on": "2019-01-01", "ends_on": "2026-03-31"}
    )
    assert response.status_code == 200
    assert "overlaps the term of Conseil A" in response.content.decode()
    second.refresh_from_db()
    assert second.starts_on == date(2020, 7, 1)


@pytest.mark.parametrize(
    "name,status",
    [
        ("secretariat", 302),
        ("lyon_coordinator", 302),
        ("lyon_editor", 302),
        ("oslo_coordinator", 403),
        ("expert", 403),
        ("visitor", 302),
    ],
)
def test_who_may_correct_a_term(personas, lyon, lyon_mayor, name, status) -> None:
    response = (
        personas[name]
        .client()
        .post(
            f"/en/commitment/cities/lyon/terms/{lyon_mayor.pk}/correct/",
            {"holder_name": "Grégory Doucet", "starts_on": "2020-07-03"},
        )
    )
    assert response.status_code == status
    lyon_mayor.refresh_from_db()
    allowed = name in ("secretariat", "lyon_coordinator", "lyon_editor")
    assert (lyon_mayor.starts_on == date(2020, 7, 3)) == allowed


def test_a_term_of_another_city_is_not_found_under_this_one(oslo, lyon_mayor, secretariat):
    url = f"/en/commitment/cities/oslo/terms/{lyon_mayor.pk}/correct/"
    assert secretariat.client().get(url).status_code == 404


def test_the_commitment_page_links_each_term_to_its_correction(lyon, lyon_mayor, personas):
    link = f"/en/commitment/cities/lyon/terms/{lyon_mayor.pk}/correct/"
    assert (
        link
        in personas["lyon_coordinator"].client().get("/en/commitment/cities/lyon/").content.decode()
    )
