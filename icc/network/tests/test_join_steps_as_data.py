"""Join steps and their order are data the secretariat changes (issue 10, item 14)."""

import importlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from conftest import Persona
from icc.core.models import Activity
from icc.network import services
from icc.network.models import City, JoinStep, JoinStepDefinition

CURRENT_ORDER = [
    "expression_of_interest",
    "statement_of_intent",
    "membership_decision",
    "index_questionnaire",
    "expert_visit",
]


def _document(name: str = "letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 signed", content_type="application/pdf")


def new_city(slug: str) -> City:
    return services.create_city(created_by=None, name=slug.title(), slug=slug, country="NO")


def test_a_city_starting_now_follows_the_networks_current_order(db) -> None:
    bergen = new_city("bergen")
    assert bergen.join_sequence == CURRENT_ORDER
    with translation.override("fr"):
        assert [d.name() for d in bergen.join_definitions()][:2] == [
            "Manifestation d’intérêt",
            "Déclaration d’intention",
        ]


def test_the_statement_of_intent_makes_membership_official(db, secretariat: Persona) -> None:
    bergen = new_city("bergen")
    services.update_join_step(
        bergen,
        "expression_of_interest",
        changed_by=secretariat.user,
        state="done",
        state_on=date(2026, 1, 5),
        document=_document(),
    )
    with pytest.raises(ValidationError) as error:
        services.change_city_status(
            bergen,
            to="member",
            reason="Too early",
            changed_on=date(2026, 2, 1),
            changed_by=secretariat.user,
        )
    assert "Statement of intent" in str(error.value)
    services.update_join_step(
        bergen,
        "statement_of_intent",
        changed_by=secretariat.user,
        state="done",
        state_on=date(2026, 2, 1),
        document=_document("statement.pdf"),
    )
    # The Index questionnaire and the expert visit come after: membership does not wait.
    services.change_city_status(
        bergen,
        to="member",
        reason="Statement signed",
        changed_on=date(2026, 2, 2),
        changed_by=secretariat.user,
    )
    bergen.refresh_from_db()
    assert bergen.status == City.Status.MEMBER
    assert bergen.join_steps.get(kind="membership_decision").is_done


@pytest.mark.parametrize("language", ["en", "fr"])
def test_secretariat_changes_the_order_and_cities_on_their_way_keep_theirs(
    db, secretariat: Persona, language: str
) -> None:
    bergen = new_city("bergen")
    index_step = JoinStepDefinition.objects.get(key="index_questionnaire")
    with translation.override(language):
        url = reverse("network:join-step-definition-edit", kwargs={"pk": index_step.pk})
        listing = reverse("network:join-step-definition-list")
    client = secretariat.client()

    response = client.post(
        url,
        {
            "name_en": "Index questionnaire",
            "name_fr": "Questionnaire de l’Index",
            "position": "15",
            "completion": "index_round",
            "is_in_use": "on",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == listing
    oslo = new_city("stavanger")
    assert oslo.join_sequence[:3] == [
        "expression_of_interest",
        "index_questionnaire",
        "statement_of_intent",
    ]
    bergen.refresh_from_db()
    assert bergen.join_sequence == CURRENT_ORDER
    entry = Activity.objects.get(verb="join_step_definition.updated")
    assert entry.changes["position"] == [40, 15]
    page = client.get(listing).content.decode()
    with translation.override(language):
        assert index_step.name(language) in page


def test_secretariat_adds_a_step_named_in_both_languages(db, secretariat: Persona) -> None:
    response = secretariat.client().post(
        reverse("network:join-step-definition-create"),
        {
            "name_en": "Welcome meeting",
            "name_fr": "Réunion d’accueil",
            "position": "25",
            "completion": "date",
            "is_in_use": "on",
        },
    )
    assert response.status_code == 302
    bergen = new_city("bergen")
    assert bergen.join_sequence[2:4] == ["welcome_meeting", "membership_decision"]
    with translation.override("fr"):
        assert bergen.join_definitions()[2].name() == "Réunion d’accueil"


def test_the_current_order_keeps_one_membership_decision(db, secretariat: Persona) -> None:
    decision = JoinStepDefinition.objects.get(key="membership_decision")
    response = secretariat.client().post(
        reverse("network:join-step-definition-edit", kwargs={"pk": decision.pk}),
        {"name_en": "Membership decision", "position": "30", "completion": "membership_decision"},
    )
    assert response.status_code == 200
    decision.refresh_from_db()
    assert decision.is_in_use


@pytest.mark.parametrize("name", ["lyon_coordinator", "reci_coordinator", "expert", "visitor"])
def test_only_the_secretariat_changes_the_join_steps(
    personas: dict[str, Persona], name: str
) -> None:
    client = personas[name].client()
    listing = client.get(reverse("network:join-step-definition-list"))
    assert listing.status_code in (302, 403)
    decision = JoinStepDefinition.objects.get(key="membership_decision")
    edit = client.post(
        reverse("network:join-step-definition-edit", kwargs={"pk": decision.pk}),
        {"name_en": "Hacked", "position": "1", "completion": "date"},
    )
    assert edit.status_code in (302, 403)
    decision.refresh_from_db()
    assert decision.names["en"] == "Membership decision"


def test_a_step_outside_the_citys_order_is_refused(db, secretariat: Persona) -> None:
    bergen = new_city("bergen")
    with pytest.raises(ValidationError):
        services.update_join_step(
            bergen,
            JoinStep.Kind.FORMAL_DECISION,
            changed_by=secretariat.user,
            state="done",
            state_on=date(2026, 1, 5),
            document=_document(),
        )
    assert not bergen.join_steps.exists()


def test_migration_keeps_the_first_order_for_cities_already_on_their_way(db) -> None:
    from django.apps import apps

    migration = importlib.import_module(
        "icc.network.migrations.0006_join_steps_in_the_current_order"
    )
    tilburg = new_city("tilburg")
    City.objects.filter(pk=tilburg.pk).update(join_sequence=[])

    migration.define_steps(apps, None)

    tilburg.refresh_from_db()
    assert tilburg.join_sequence == [str(kind) for kind in JoinStep.FIRST_SEQUENCE]
    assert next(d.key for d in tilburg.join_definitions()) == "formal_decision"
    assert new_city("bergen").join_sequence == CURRENT_ORDER
