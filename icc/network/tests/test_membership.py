"""The membership lifecycle: join steps, status changes, fees, and who may do what."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from icc.accounts.models import User
from icc.core.models import Activity
from icc.network import permissions, services
from icc.network.models import City, CityStatusChange, JoinStep


def _document(name: str = "decision.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 demo", content_type="application/pdf")


@pytest.fixture
def bergen(db: None) -> City:
    # Bergen started before the order changed: it keeps the first order (formal decision first).
    return services.create_city(
        created_by=None,
        name="Bergen",
        slug="bergen",
        country="NO",
        join_sequence=list(JoinStep.FIRST_SEQUENCE),
    )


def take_through_join_steps(city: City, *, by: User | None) -> None:
    """Do every join step of ``city`` through the services, as the secretariat would."""
    day = date(2026, 3, 1)
    services.update_join_step(
        city,
        JoinStep.Kind.FORMAL_DECISION,
        changed_by=by,
        state="done",
        state_on=day,
        document=_document(),
    )
    services.update_join_step(
        city,
        JoinStep.Kind.INDEX_QUESTIONNAIRE,
        changed_by=by,
        state="done",
        state_on=day,
        index_round_id=None,
    )
    services.update_join_step(
        city,
        JoinStep.Kind.STATEMENT_OF_INTENT,
        changed_by=by,
        state="done",
        state_on=day,
        document=_document("statement.pdf"),
    )
    services.record_financial_agreement(
        city,
        recorded_by=by,
        amount=Decimal("5000"),
        currency="EUR",
        starts_on=day,
        ends_on=date(2027, 2, 28),
    )
    services.update_join_step(
        city, JoinStep.Kind.FINANCIAL_AGREEMENT, changed_by=by, state="done", state_on=day
    )
    services.record_expert_visit(
        city,
        recorded_by=by,
        experts=[],
        starts_on=day,
        ends_on=day,
        profile_report=_document("profile.pdf"),
    )
    services.update_join_step(
        city, JoinStep.Kind.EXPERT_VISIT, changed_by=by, state="done", state_on=day
    )


def test_applicant_cannot_become_member_while_a_step_is_missing(bergen, secretariat) -> None:
    services.update_join_step(
        bergen,
        JoinStep.Kind.FORMAL_DECISION,
        changed_by=secretariat.user,
        state="done",
        state_on=date(2026, 1, 5),
        document=_document(),
    )
    with pytest.raises(ValidationError) as error:
        services.change_city_status(
            bergen,
            to="member",
            reason="Council vote",
            changed_on=date(2026, 5, 1),
            changed_by=secretariat.user,
        )
    assert "Statement of intent" in str(error.value)
    bergen.refresh_from_db()
    assert bergen.status == City.Status.APPLICANT
    assert bergen.status_changes.count() == 1
    assert not bergen.join_steps.filter(kind=JoinStep.Kind.MEMBERSHIP_DECISION).exists()


def test_secretariat_takes_an_applicant_through_every_step_to_membership(bergen, secretariat):
    take_through_join_steps(bergen, by=secretariat.user)
    services.change_city_status(
        bergen,
        to="member",
        reason="Membership confirmed",
        changed_on=date(2026, 5, 1),
        changed_by=secretariat.user,
    )
    bergen.refresh_from_db()
    assert bergen.status == City.Status.MEMBER
    assert bergen.joined_on == date(2026, 5, 1)
    decision = bergen.join_steps.get(kind=JoinStep.Kind.MEMBERSHIP_DECISION)
    assert decision.is_done and decision.state_on == date(2026, 5, 1)
    change = bergen.status_changes.get(to_status="member")
    assert (change.from_status, change.to_status, change.reason) == (
        "applicant",
        "member",
        "Membership confirmed",
    )
    assert Activity.objects.about(bergen).filter(verb="city.status_changed").exists()


def test_a_done_step_needs_its_date_and_document_and_nothing_is_saved(bergen, secretariat):
    with pytest.raises(ValidationError) as error:
        services.update_join_step(
            bergen,
            JoinStep.Kind.STATEMENT_OF_INTENT,
            changed_by=secretariat.user,
            state="done",
            state_on=None,
        )
    assert set(error.value.message_dict) == {"state_on", "document"}
    assert not bergen.join_steps.exists()


def test_expert_visit_step_needs_the_profile_report(bergen, secretariat) -> None:
    with pytest.raises(ValidationError, match="Intercultural Profile"):
        services.update_join_step(
            bergen,
            JoinStep.Kind.EXPERT_VISIT,
            changed_by=secretariat.user,
            state="done",
            state_on=date(2026, 1, 1),
        )


def test_a_transition_the_rules_do_not_allow_is_refused(lyon, secretariat) -> None:
    with pytest.raises(ValidationError, match="cannot go from"):
        services.change_city_status(
            lyon, to="applicant", reason="x", changed_on=date.today(), changed_by=secretariat.user
        )
    with pytest.raises(ValidationError, match="reason"):
        services.change_city_status(
            lyon, to="suspended", reason="  ", changed_on=date.today(), changed_by=secretariat.user
        )
    lyon.refresh_from_db()
    assert lyon.status == City.Status.MEMBER


def test_the_profile_service_refuses_to_change_the_status(lyon) -> None:
    with pytest.raises(ValidationError):
        services.update_city(lyon, changed_by=None, data={"status": "left"})


def test_payment_larger_than_the_invoice_is_refused_and_nothing_saved(lyon, secretariat):
    agreement = services.record_financial_agreement(
        lyon,
        recorded_by=secretariat.user,
        amount=Decimal("5000"),
        currency="EUR",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    invoice = services.record_invoice(
        agreement,
        recorded_by=secretariat.user,
        number="I-1",
        amount=Decimal("5000"),
        issued_on=date(2026, 1, 1),
        due_on=date(2026, 2, 1),
    )
    services.record_payment(
        invoice, recorded_by=secretariat.user, amount=Decimal("3000"), paid_on=date(2026, 1, 20)
    )
    with pytest.raises(ValidationError, match="larger than what is still due"):
        services.record_payment(
            invoice, recorded_by=secretariat.user, amount=Decimal("2500"), paid_on=date(2026, 1, 25)
        )
    assert invoice.payments.count() == 1
    services.record_payment(
        invoice, recorded_by=secretariat.user, amount=Decimal("2000"), paid_on=date(2026, 1, 30)
    )
    invoice.refresh_from_db()
    assert invoice.paid_in_full_on == date(2026, 1, 30)


def test_agreement_ending_before_it_starts_is_refused(lyon, secretariat) -> None:
    with pytest.raises(ValidationError):
        services.record_financial_agreement(
            lyon,
            recorded_by=secretariat.user,
            amount=Decimal("5000"),
            currency="EUR",
            starts_on=date(2026, 1, 1),
            ends_on=date(2025, 12, 31),
        )
    assert not lyon.financial_agreements.exists()


# Every role on the status change page: only the secretariat changes a status.
@pytest.mark.parametrize(
    "name",
    [
        "secretariat",
        "lyon_coordinator",
        "lyon_editor",
        "oslo_coordinator",
        "reci_coordinator",
        "expert",
        "visitor",
    ],
)
def test_status_change_by_every_role(personas, lyon, name) -> None:
    data = {"to": "suspended", "changed_on": "2026-06-01", "reason": "Fees unpaid for two years"}
    response = personas[name].client().post("/en/cities/lyon/membership/status/", data)
    lyon.refresh_from_db()
    if name == "secretariat":
        assert response.status_code == 302
        assert lyon.status == City.Status.SUSPENDED
        assert lyon.status_changes.first().reason == "Fees unpaid for two years"
    else:
        assert response.status_code == (302 if name == "visitor" else 403)
        assert lyon.status == City.Status.MEMBER
        assert not CityStatusChange.objects.filter(city=lyon, to_status="suspended").exists()


def test_status_change_page_shows_the_missing_steps(bergen, secretariat) -> None:
    data = {"to": "member", "changed_on": "2026-06-01", "reason": "Vote"}
    response = secretariat.client().post("/en/cities/bergen/membership/status/", data)
    assert response.status_code == 200
    assert "Formal decision" in str(response.context["form"].errors)
    bergen.refresh_from_db()
    assert bergen.status == City.Status.APPLICANT


def test_secretariat_records_a_step_with_its_document_on_the_page(bergen, secretariat) -> None:
    response = secretariat.client().post(
        "/en/cities/bergen/membership/steps/formal_decision/",
        {"state": "done", "state_on": "2026-02-01", "notes": "Council", "document": _document()},
    )
    assert response.status_code == 302
    step = bergen.join_steps.get(kind="formal_decision")
    assert step.is_done and step.document.name.endswith(".pdf")
    page = secretariat.client().get("/en/cities/bergen/")
    assert "Formal decision of the mayor or council — Done" in page.content.decode()


def test_city_coordinator_reads_the_membership_page_but_cannot_act(lyon, lyon_coordinator):
    assert lyon_coordinator.client().get("/en/cities/lyon/membership/").status_code == 200
    response = lyon_coordinator.client().get("/en/cities/lyon/membership/steps/formal_decision/")
    assert response.status_code == 403


# The one status rule, as every module asks it.
def test_suspended_city_reads_but_cannot_act_for_the_network(lyon, lyon_coordinator, secretariat):
    services.change_city_status(
        lyon, to="suspended", reason="Fees", changed_on=date.today(), changed_by=secretariat.user
    )
    lyon.refresh_from_db()
    user = lyon_coordinator.user
    assert permissions.can_read_city_space(user, lyon)
    assert not permissions.city_may_act(lyon)
    assert not permissions.can_act_for_network(user, lyon)
    assert not permissions.can_edit_city(user, lyon)
    assert lyon_coordinator.client().get("/en/cities/lyon/").status_code == 200
    assert lyon_coordinator.client().get("/en/cities/lyon/edit/").status_code == 403


def test_city_that_left_is_frozen_and_readable_by_the_secretariat_only(
    lyon, lyon_coordinator, secretariat
) -> None:
    services.change_city_status(
        lyon,
        to="left",
        reason="Council decision",
        changed_on=date.today(),
        changed_by=secretariat.user,
    )
    lyon.refresh_from_db()
    assert not permissions.can_read_city_space(lyon_coordinator.user, lyon)
    assert permissions.can_read_city_space(secretariat.user, lyon)
    assert not permissions.can_act_for_network(secretariat.user, lyon)
    assert lyon_coordinator.client().get("/en/cities/lyon/").status_code == 404
    assert lyon_coordinator.client().get("/en/cities/lyon/membership/").status_code == 404
    assert secretariat.client().get("/en/cities/lyon/membership/").status_code == 200


def test_member_and_applicant_cities_act_for_the_network(lyon, bergen, lyon_coordinator):
    assert permissions.can_act_for_network(lyon_coordinator.user, lyon)
    assert permissions.city_may_act(bergen)
    assert not permissions.can_act_for_network(lyon_coordinator.user, bergen)


def test_the_api_shows_the_join_steps_and_the_status_history(bergen, secretariat, client) -> None:
    from icc.accounts.services import create_api_token

    services.update_join_step(
        bergen,
        JoinStep.Kind.FORMAL_DECISION,
        changed_by=None,
        state="done",
        state_on=date(2026, 1, 5),
        document=_document(),
    )
    _token, key = create_api_token(secretariat.user, name="sync")
    response = client.get(
        "/api/v1/cities/bergen/membership", headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "applicant"
    assert data["join_steps"][0] == {
        "kind": "formal_decision",
        "name": "Formal decision of the mayor or council",
        "state": "done",
        "state_on": "2026-01-05",
    }
    assert data["status_changes"][0]["to_status"] == "applicant"


def test_the_membership_page_names_the_index_round_with_a_link(
    lyon, secretariat, lyon_coordinator
) -> None:
    from icc.index.tests.factories import shipped_round

    index_round = shipped_round(label="Round 2024")
    services.update_join_step(
        lyon,
        JoinStep.Kind.INDEX_QUESTIONNAIRE,
        changed_by=secretariat.user,
        state="done",
        state_on=date(2026, 3, 1),
        index_round_id=index_round.pk,
    )
    page = secretariat.client().get("/en/cities/lyon/membership/").content.decode()
    assert f'Index round <a href="/en/index/rounds/{index_round.pk}/">Round 2024</a>' in page
    page = lyon_coordinator.client().get("/en/cities/lyon/membership/").content.decode()
    assert f'Index round <a href="/en/index/results/?round={index_round.pk}">Round 2024</a>' in page


def test_the_index_step_is_given_its_round_by_label(lyon, secretariat) -> None:
    from icc.index.tests.factories import shipped_round

    index_round = shipped_round(label="Round 2024")
    url = "/en/cities/lyon/membership/steps/index_questionnaire/"
    client = secretariat.client()
    assert (
        f'<option value="{index_round.pk}">Round 2024</option>' in client.get(url).content.decode()
    )
    response = client.post(
        url, {"state": "done", "state_on": "2026-03-01", "index_round_id": str(index_round.pk)}
    )
    assert response.status_code == 302
    assert (
        JoinStep.objects.get(city=lyon, kind="index_questionnaire").index_round_id == index_round.pk
    )
