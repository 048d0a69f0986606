"""Changing and withdrawing roles: who may, what it records, whom it tells, what it revokes."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from conftest import make_person
from icc.accounts import permissions, services
from icc.accounts.models import ApiToken, Invitation, Notification, Role, RoleGrant
from icc.accounts.notifications import render_message
from icc.core.activity import describe_changes
from icc.core.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def barcelona_editor(barcelona):
    person = make_person("editor@barcelona.test", full_name="Jordi Puig", language="fr")
    services.grant_role(person, Role.CITY_EDITOR, granted_by=None, city=barcelona)
    return person


def grant_of(person):
    return RoleGrant.objects.active().get(user=person)


# Inviting twice --------------------------------------------------------------------


def test_inviting_someone_who_holds_a_role_in_the_city_is_refused(secretariat, lyon, lyon_editor):
    with pytest.raises(ValidationError) as error:
        services.invite_person(
            email="Editor@Lyon.test",
            role=Role.CITY_COORDINATOR,
            invited_by=secretariat.user,
            city=lyon,
        )

    assert "already holds a role here: City editor (Lyon)" in error.value.messages[0]
    assert not Invitation.objects.exists()
    assert RoleGrant.objects.filter(user=lyon_editor.user).count() == 1


def test_a_second_pending_invitation_to_the_same_city_is_refused(secretariat, lyon):
    services.invite_person(
        email="new@lyon.test", role=Role.CITY_EDITOR, invited_by=secretariat.user, city=lyon
    )

    with pytest.raises(ValidationError, match="still pending"):
        services.invite_person(
            email="new@lyon.test",
            role=Role.CITY_COORDINATOR,
            invited_by=secretariat.user,
            city=lyon,
        )
    assert Invitation.objects.count() == 1


def test_a_person_may_be_invited_into_another_city(secretariat, oslo, lyon_editor):
    invitation = services.invite_person(
        email="editor@lyon.test", role=Role.CITY_EDITOR, invited_by=secretariat.user, city=oslo
    )

    assert invitation.city == oslo


def test_the_invitation_page_says_why_it_refuses(secretariat, lyon, lyon_editor):
    response = secretariat.client().post(
        reverse("accounts:invitation-create"),
        {
            "email": "editor@lyon.test",
            "language": "fr",
            "role": Role.CITY_COORDINATOR,
            "city": lyon.pk,
        },
    )

    assert response.status_code == 200
    assert "Change it from the people page instead of inviting again." in response.text
    assert not Invitation.objects.exists()


def test_a_second_role_in_one_city_is_refused_by_the_service_and_the_database(lyon, lyon_editor):
    with pytest.raises(ValidationError, match="Change it instead"):
        services.grant_role(lyon_editor.user, Role.CITY_COORDINATOR, granted_by=None, city=lyon)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(user=lyon_editor.user, role=Role.CITY_COORDINATOR, city=lyon)


# Changing and withdrawing ------------------------------------------------------------


def test_the_secretariat_changes_a_role_with_a_reason(
    secretariat, lyon, lyon_editor, django_capture_on_commit_callbacks
):
    old = grant_of(lyon_editor.user)
    token, _key = services.create_api_token(lyon_editor.user, name="sync")

    with django_capture_on_commit_callbacks(execute=True):
        new = services.change_role(
            old,
            role=Role.CITY_COORDINATOR,
            changed_by=secretariat.user,
            reason="Camille left the city hall.",
        )

    old.refresh_from_db()
    token.refresh_from_db()
    assert old.revoked_at is not None
    assert (new.role, new.city, new.granted_by) == (
        Role.CITY_COORDINATOR,
        lyon,
        secretariat.user,
    )
    assert token.revoked_at is not None
    activity = Activity.objects.get(verb="role.changed")
    assert activity.about_id == str(lyon.pk)
    assert activity.changes["reason"] == ["", "Camille left the city hall."]
    # Roles are kept as keys; the timeline names them in the reader's language.
    assert activity.changes["role"] == ["city_editor", "city_coordinator"]
    with translation.override("fr"):
        rows = {row.label: (row.before, row.after) for row in describe_changes(activity)}
    assert rows["Rôle"] == ("Rédacteur·rice de la ville", "Coordinateur·rice de la ville")
    notification = Notification.objects.get(recipient=lyon_editor.user)
    assert render_message(notification, "fr") == (
        "Sam Secretariat a changé votre rôle\u00a0: Rédacteur·rice de la ville devient "
        "Coordinateur·rice de la ville (Lyon). Motif\u00a0: Camille left the city hall. "
        "Vos jetons d’API ont été révoqués, car vos rôles ont changé\u00a0; créez-en de "
        "nouveaux si vous en avez encore besoin."
    )
    [message] = mail.outbox
    assert message.to == ["editor@lyon.test"]
    assert "Camille left the city hall." in message.body


def test_a_change_needs_a_reason_and_a_role_that_fits(secretariat, lyon_editor):
    grant = grant_of(lyon_editor.user)

    with pytest.raises(ValidationError):
        services.change_role(
            grant, role=Role.CITY_COORDINATOR, changed_by=secretariat.user, reason="  "
        )
    with pytest.raises(ValidationError):
        services.change_role(grant, role=Role.SECRETARIAT, changed_by=secretariat.user, reason="x")

    assert grant_of(lyon_editor.user).pk == grant.pk
    assert not Notification.objects.exists()


def test_withdrawing_a_role_records_the_reason_and_tells_the_person(
    secretariat, lyon, lyon_coordinator
):
    grant = grant_of(lyon_coordinator.user)

    services.withdraw_role(grant, withdrawn_by=secretariat.user, reason="End of contract")

    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert not permissions.has_role(lyon_coordinator.user, Role.CITY_COORDINATOR)
    activity = Activity.objects.get(verb="role.revoked")
    assert activity.changes["reason"] == ["", "End of contract"]
    assert activity.about_id == str(lyon.pk)
    notification = Notification.objects.get(recipient=lyon_coordinator.user)
    assert render_message(notification, "en") == (
        "Sam Secretariat withdrew your role City coordinator (Lyon). Reason: End of contract"
    )
    with pytest.raises(ValidationError):
        services.withdraw_role(grant, withdrawn_by=secretariat.user, reason="Again")


def test_a_new_role_revokes_the_tokens_made_before_it(secretariat, lyon_coordinator):
    _token, key = services.create_api_token(lyon_coordinator.user, name="script")
    assert services.authenticate_api_key(key) == lyon_coordinator.user

    services.grant_role(lyon_coordinator.user, Role.EXPERT, granted_by=secretariat.user)

    assert services.authenticate_api_key(key) is None
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()
    notification = Notification.objects.get(recipient=lyon_coordinator.user)
    assert "Your API tokens were revoked" in render_message(notification, "en")


# Who may ---------------------------------------------------------------------------


def test_who_may_change_which_role(personas, barcelona_editor):
    secretariat = personas["secretariat"].user
    reci = personas["reci_coordinator"].user
    lyon_editor = grant_of(personas["lyon_editor"].user)
    barcelona = grant_of(barcelona_editor)

    assert permissions.can_change_role(secretariat, lyon_editor)
    assert not permissions.can_change_role(secretariat, grant_of(secretariat))
    assert permissions.can_change_role(reci, barcelona)
    assert not permissions.can_change_role(reci, lyon_editor)
    assert not permissions.can_change_role(reci, grant_of(reci))
    assert not permissions.can_change_role(reci, grant_of(personas["expert"].user))
    for name in ("lyon_coordinator", "oslo_coordinator", "expert", "lyon_editor"):
        assert not permissions.can_change_role(personas[name].user, barcelona)


def test_the_network_coordinator_lists_only_the_roles_of_their_cities(personas, barcelona_editor):
    response = personas["reci_coordinator"].client().get(reverse("accounts:people-list"))

    assert response.status_code == 200
    assert "editor@barcelona.test" in response.text
    assert "editor@lyon.test" not in response.text
    assert reverse("accounts:invitation-create") not in response.text


def test_the_change_page_changes_the_role(personas, barcelona_editor):
    grant = grant_of(barcelona_editor)
    client = personas["reci_coordinator"].client()
    url = reverse("accounts:role-change", args=[grant.pk])

    page = client.get(url)
    refused = client.post(url, {"role": Role.CITY_COORDINATOR, "reason": ""})
    done = client.post(url, {"role": Role.CITY_COORDINATOR, "reason": "Promoted"})

    assert page.status_code == 200
    assert "City coordinator" in page.text
    assert refused.status_code == 200
    assert done.status_code == 302
    assert grant_of(barcelona_editor).role == Role.CITY_COORDINATOR


def test_the_withdraw_page_says_what_will_happen_before_withdrawing(personas, barcelona_editor):
    grant = grant_of(barcelona_editor)
    services.create_api_token(barcelona_editor, name="a")
    client = personas["secretariat"].client()
    url = reverse("accounts:role-withdraw", args=[grant.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "What will happen" in page.text
    assert "Their 1 API token will be revoked." in page.text
    assert RoleGrant.objects.active().filter(pk=grant.pk).exists()

    done = client.post(url, {"reason": "Left the city hall"})

    assert done.status_code == 302
    assert not RoleGrant.objects.active().filter(user=barcelona_editor).exists()


def test_a_network_coordinator_cannot_withdraw_a_role_outside_their_network(personas):
    grant = grant_of(personas["lyon_editor"].user)

    response = (
        personas["reci_coordinator"]
        .client()
        .post(reverse("accounts:role-withdraw", args=[grant.pk]), {"reason": "x"})
    )

    assert response.status_code == 403
    assert RoleGrant.objects.active().filter(pk=grant.pk).exists()


def test_a_withdrawn_role_cannot_be_opened_again(personas):
    grant = grant_of(personas["lyon_editor"].user)
    services.withdraw_role(grant, withdrawn_by=personas["secretariat"].user, reason="x")

    response = (
        personas["secretariat"].client().get(reverse("accounts:role-change", args=[grant.pk]))
    )

    assert response.status_code == 404


def test_accepting_an_invitation_never_adds_a_second_role_in_a_city(secretariat, lyon, oslo):
    person = make_person("new@lyon.test")
    invitation = services.invite_person(
        email="new@lyon.test", role=Role.CITY_COORDINATOR, invited_by=secretariat.user, city=lyon
    )
    # Given meanwhile, by another way than this invitation.
    services.grant_role(person, Role.CITY_EDITOR, granted_by=secretariat.user, city=lyon)

    with pytest.raises(ValidationError, match="Change it instead"):
        services.accept_invitation(invitation, user=person)

    assert list(RoleGrant.objects.active().filter(user=person).values_list("role", flat=True)) == [
        Role.CITY_EDITOR
    ]
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
