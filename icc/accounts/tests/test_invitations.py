"""Invitations: sent by the secretariat, mailed in the invitee's language, accepted once."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from icc.accounts.models import Invitation, Role, RoleGrant, User
from icc.accounts.services import accept_invitation, invite_person
from icc.core.models import Activity


def link_from(message) -> str:
    found = re.search(r"http://testserver(\S+)", message.body)
    assert found, message.body
    return found.group(1)


def test_secretariat_invites_a_coordinator_by_mail_in_their_language(
    secretariat, lyon, django_capture_on_commit_callbacks
) -> None:
    data = {
        "email": "Nouvelle@Lyon.test",
        "full_name": "Nadia Nouvelle",
        "language": "fr",
        "role": Role.CITY_COORDINATOR,
        "city": lyon.pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.client().post("/en/accounts/invitations/new/", data)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "nouvelle@lyon.test"
    [message] = mail.outbox
    assert message.to == ["nouvelle@lyon.test"]
    assert "Cités interculturelles" in message.subject or "invitation" in message.subject.lower()
    assert "/fr/accounts/invitation/" in message.body
    assert message.alternatives[0].mimetype == "text/html"  # type: ignore[attr-defined]
    assert Activity.objects.about(lyon).filter(verb="invitation.sent").exists()


def test_city_role_without_a_city_is_refused_next_to_the_field(secretariat) -> None:
    data = {"email": "x@lyon.test", "language": "en", "role": Role.CITY_COORDINATOR}
    response = secretariat.client().post("/en/accounts/invitations/new/", data)
    assert response.status_code == 200
    assert "city" in response.context["form"].errors
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_accepting_creates_the_account_grants_the_role_and_signs_in(
    secretariat, lyon, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invite_person(
            email="new@lyon.test",
            role=Role.CITY_EDITOR,
            invited_by=secretariat.user,
            city=lyon,
            language="en",
        )
    client = Client()
    link = link_from(mail.outbox[0])
    assert client.get(link).status_code == 200
    response = client.post(
        link,
        {
            "full_name": "Nina New",
            "password1": "long-enough-pass-1",
            "password2": "long-enough-pass-1",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@lyon.test")
    assert user.full_name == "Nina New"
    assert RoleGrant.objects.active().filter(user=user, role=Role.CITY_EDITOR, city=lyon).exists()
    assert client.get("/en/cities/lyon/edit/").status_code == 200
    assert client.get(link).status_code == 404, "a used link stops working"


def test_weak_password_is_refused_and_no_account_is_made(
    secretariat, lyon, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invite_person(
            email="new@lyon.test", role=Role.CITY_EDITOR, invited_by=secretariat.user, city=lyon
        )
    link = link_from(mail.outbox[0])
    response = Client().post(link, {"full_name": "N", "password1": "123", "password2": "123"})
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert not User.objects.filter(email="new@lyon.test").exists()


def test_expired_invitation_is_refused(secretariat, lyon) -> None:
    invitation = invite_person(
        email="late@lyon.test", role=Role.CITY_EDITOR, invited_by=secretariat.user, city=lyon
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    invitation.refresh_from_db()
    with pytest.raises(Exception, match="no longer valid"):
        accept_invitation(invitation, full_name="L", password="long-enough-pass-1")


def test_existing_person_accepts_when_signed_in(
    secretariat, lyon, oslo_coordinator, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invite_person(
            email=oslo_coordinator.user.email,
            role=Role.CITY_EDITOR,
            invited_by=secretariat.user,
            city=lyon,
        )
    link = link_from(mail.outbox[0])
    assert b"already exists" in Client().get(link).content
    response = oslo_coordinator.client().post(link)
    assert response.status_code == 302
    assert RoleGrant.objects.active().filter(user=oslo_coordinator.user, city=lyon).exists()


def test_withdrawn_invitation_link_stops_working(
    secretariat, lyon, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_person(
            email="x@lyon.test", role=Role.CITY_EDITOR, invited_by=secretariat.user, city=lyon
        )
    client = secretariat.client()
    assert client.post(f"/en/accounts/invitations/{invitation.pk}/withdraw/").status_code == 302
    assert Client().get(link_from(mail.outbox[0])).status_code == 404
