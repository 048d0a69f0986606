"""Who moderation tells when a practice is sent back or published."""

import pytest

from icc.accounts.models import Notification
from icc.accounts.notifications import render_message
from icc.practices import services
from icc.practices.services import revisions
from icc.practices.tests.conftest import write_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(lyon, lyon_coordinator, lyon_editor):
    practice = write_practice(
        lyon,
        en={"title": "Welcome desks"},
        fr={"title": "Guichets d’accueil"},
        by=lyon_editor.user,
    )
    return services.submit_practice(practice, submitted_by=lyon_editor.user)


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def test_sending_back_tells_the_citys_people_with_the_reason(submitted, secretariat, oslo):
    services.reject_practice(submitted, rejected_by=secretariat.user, reason="Add the costs.")

    assert told("practice.rejected") == ["coordinator@lyon.test", "editor@lyon.test"]
    notification = Notification.objects.get(recipient__email="editor@lyon.test")
    assert render_message(notification, "fr") == (
        "Sam Secretariat a renvoyé la pratique «\u00a0Guichets d’accueil\u00a0» en brouillon. "
        "Motif\u00a0: Add the costs."
    )
    assert render_message(notification, "en").startswith(
        "Sam Secretariat sent back the practice “Welcome desks”"
    )


def test_publishing_tells_the_owners_but_not_the_moderator(submitted, secretariat):
    services.publish_practice(submitted, published_by=secretariat.user)

    assert told("practice.published") == ["coordinator@lyon.test", "editor@lyon.test"]
    notification = Notification.objects.filter(kind="practice.published").first()
    assert notification.link == submitted.get_absolute_url().replace("/fr/", "/en/")


@pytest.fixture
def changes_waiting(lyon, lyon_coordinator, lyon_editor, secretariat):
    practice = write_practice(lyon, en={"title": "Football for all"}, publish=True)
    practice.refresh_from_db()
    services.update_practice(
        practice,
        changed_by=lyon_editor.user,
        expected_version=practice.version,
        texts={"en": {"title": "Cricket for all", "summary": "Bat."}},
    )
    practice.refresh_from_db()
    return practice


def test_publishing_changes_tells_the_owners(changes_waiting, secretariat):
    revisions.approve_revision(
        changes_waiting, approved_by=secretariat.user, expected_version=changes_waiting.version
    )

    assert told("practice.revision_approved") == ["coordinator@lyon.test", "editor@lyon.test"]


def test_sending_changes_back_tells_their_author_why(changes_waiting, secretariat):
    revisions.reject_revision(
        changes_waiting,
        rejected_by=secretariat.user,
        reason="Keep the old title.",
        expected_version=changes_waiting.version,
    )

    assert told("practice.revision_rejected") == ["coordinator@lyon.test", "editor@lyon.test"]
    notification = Notification.objects.get(recipient__email="editor@lyon.test")
    assert render_message(notification, "en").endswith("Reason: Keep the old title.")
