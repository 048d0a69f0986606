"""Recording and confirming uptakes: the rules, the sides, and refusals that save nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from icc.accounts.models import Notification
from icc.core.models import Activity
from icc.policylab.models import Uptake
from icc.policylab.services import stakeholders, uptakes
from icc.policylab.tests.conftest import add_body, facts, record


def test_a_city_records_a_regions_uptake_and_the_secretariat_confirms_it(
    lyon_coordinator, secretariat, lyon_practice, region
) -> None:
    uptake = record(lyon_practice, by=lyon_coordinator.user, adopter_stakeholder=region)
    assert uptake.status == Uptake.Status.PROPOSED
    assert uptake.recorded_side == "origin"
    assert Activity.objects.filter(verb="policylab.uptake.recorded").count() == 1
    # Nobody coordinates France's network here: the secretariat is asked.
    assert Notification.objects.filter(recipient=secretariat.user).exists()
    uptakes.decide_uptake(
        uptake,
        decided_by=secretariat.user,
        expected_version=uptake.version,
        confirm=True,
        origin_city_id=lyon_practice.city_id,
    )
    uptake.refresh_from_db()
    assert uptake.is_confirmed and uptake.confirmed_by == secretariat.user
    assert uptake.confirmed_side == "secretariat"
    assert Notification.objects.filter(
        recipient=lyon_coordinator.user, kind="policylab.uptake_decided"
    ).exists()


def test_the_recording_side_cannot_confirm_its_own_uptake(
    visitor, lyon_coordinator, oslo_coordinator, lyon_practice, oslo
) -> None:
    uptake = record(lyon_practice, by=lyon_coordinator.user, adopter_city=oslo)
    with pytest.raises(ValidationError):
        uptakes.decide_uptake(
            uptake,
            decided_by=lyon_coordinator.user,
            expected_version=uptake.version,
            confirm=True,
            origin_city_id=lyon_practice.city_id,
        )
    # The other side (Oslo adopted it) confirms.
    uptakes.decide_uptake(
        uptake,
        decided_by=oslo_coordinator.user,
        expected_version=uptake.version,
        confirm=True,
        origin_city_id=lyon_practice.city_id,
    )
    confirmed = Uptake.objects.get()
    assert confirmed.is_confirmed and confirmed.confirmed_side == "adopter"
    # The public page says which side confirmed it, without the person's name.
    page = visitor.client().get(confirmed.get_absolute_url()).content.decode()
    assert "the side that took it up (Oslo)" in page
    assert oslo_coordinator.user.full_name not in page


def test_a_city_with_no_side_in_the_uptake_may_not_record_it(
    oslo_coordinator, lyon_practice, region
) -> None:
    with pytest.raises(PermissionDenied):
        record(lyon_practice, by=oslo_coordinator.user, adopter_stakeholder=region)
    assert not Uptake.objects.exists()


def test_a_stale_decision_changes_nothing(secretariat, lyon_practice, region) -> None:
    uptake = record(lyon_practice, adopter_stakeholder=region)
    from icc.core.versions import VersionConflict

    with pytest.raises(VersionConflict):
        uptakes.decide_uptake(
            uptake,
            decided_by=secretariat.user,
            expected_version=uptake.version + 3,
            confirm=True,
            origin_city_id=lyon_practice.city_id,
        )
    assert Uptake.objects.get().status == Uptake.Status.PROPOSED


# Bad input ---------------------------------------------------------------------------


def test_an_uptake_dated_before_the_practice_started_is_refused(lyon_practice, region) -> None:
    with pytest.raises(ValidationError) as error:
        record(lyon_practice, adopter_stakeholder=region, adopted_on=datetime.date(2010, 1, 1))
    assert "started in 2015" in str(error.value)
    assert not Uptake.objects.exists()


def test_an_uptake_before_the_one_it_came_from_is_refused(lyon_practice, region, oslo) -> None:
    first = record(lyon_practice, adopter_city=oslo, adopted_on=datetime.date(2019, 1, 1))
    with pytest.raises(ValidationError):
        record(
            lyon_practice,
            adopter_stakeholder=region,
            source=first,
            adopted_on=datetime.date(2018, 1, 1),
        )
    assert Uptake.objects.count() == 1


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "ftp://example.org/x", "data:text/html,hi", "example.org", "https://"],
)
def test_evidence_links_with_bad_schemes_are_refused(lyon_practice, region, link) -> None:
    with pytest.raises(ValidationError) as error:
        record(lyon_practice, adopter_stakeholder=region, evidence_url=link)
    assert "https://" in str(error.value)
    assert not Uptake.objects.exists()


def test_an_uptake_without_evidence_is_refused(lyon_practice, region) -> None:
    with pytest.raises(ValidationError):
        record(lyon_practice, adopter_stakeholder=region, evidence_url="")
    assert not Uptake.objects.exists()


def test_a_journey_cannot_go_in_a_circle(lyon_practice, lyon, oslo, region) -> None:
    to_oslo = record(lyon_practice, adopter_city=oslo)
    to_region = record(lyon_practice, adopter_stakeholder=region, source=to_oslo)
    # Oslo took it from Lyon, the region from Oslo: Oslo cannot take it from the region.
    with pytest.raises(ValidationError) as error:
        record(lyon_practice, adopter_city=oslo, source=to_region)
    assert "circle" in str(error.value)
    # Nor does the origin city take its own practice up.
    with pytest.raises(ValidationError):
        record(lyon_practice, adopter_city=lyon, source=to_region)
    assert Uptake.objects.count() == 2


def test_one_adopter_is_named_and_fits_the_kind(lyon_practice, region, oslo) -> None:
    with pytest.raises(ValidationError):
        record(
            lyon_practice, kind=Uptake.Kind.POLICY, adopter_city=oslo, adopter_stakeholder=region
        )
    with pytest.raises(ValidationError):
        record(lyon_practice, kind=Uptake.Kind.ADOPTION, adopter_stakeholder=region)
    assert not Uptake.objects.exists()


def test_a_stakeholder_is_merged_once(lyon_practice, region) -> None:
    duplicate = add_body("Region AURA")
    stakeholders.add_contact(duplicate, added_by=None, record={"full_name": "Ana Ruiz"})
    record(lyon_practice, adopter_stakeholder=duplicate)
    stakeholders.merge_stakeholders(duplicate, into=region, merged_by=None)
    assert region.contacts.get().full_name == "Ana Ruiz"
    assert Uptake.objects.get().adopter_stakeholder == region
    other = add_body("Another region")
    with pytest.raises(ValidationError) as error:
        stakeholders.merge_stakeholders(duplicate, into=other, merged_by=None)
    assert "already merged" in str(error.value)
    with pytest.raises(ValidationError):
        stakeholders.merge_stakeholders(other, into=duplicate, merged_by=None)
    with pytest.raises(ValidationError):
        stakeholders.merge_stakeholders(other, into=other, merged_by=None)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == region and not other.merged.exists()
    # A merged body is no adopter any more.
    with pytest.raises(ValidationError):
        record(lyon_practice, adopter_stakeholder=duplicate)


def test_the_form_shows_the_services_refusal_and_saves_nothing(
    lyon_coordinator, lyon_practice, region
) -> None:
    response = lyon_coordinator.client().post(
        reverse("policylab:uptake-create", args=[lyon_practice.slug]),
        {
            "kind": "policy",
            "adopter_stakeholder": region.pk,
            "adopted_on": "2019-03-01",
            "evidence_url": "javascript:alert(1)",
            "adaptation_language": "en",
        },
    )
    assert response.status_code == 200
    assert "https://" in response.content.decode()
    assert not Uptake.objects.exists()
    assert facts(lyon_practice).started_year == 2015
