"""Who a connection proposal and its acceptance tell."""

import pytest

from icc.accounts.models import Notification
from icc.accounts.notifications import render_message
from icc.connections import services

pytestmark = pytest.mark.django_db


def test_a_proposal_tells_the_invited_cities_people_only(personas, lyon, oslo, barcelona):
    services.propose_connection(
        proposed_by=personas["lyon_coordinator"].user,
        from_city=lyon,
        to_cities=[oslo],
        topic="Welcoming newcomers",
    )

    [notification] = Notification.objects.all()
    assert notification.recipient == personas["oslo_coordinator"].user
    assert notification.link.startswith("/en/connections/")
    assert render_message(notification, "en") == (
        "Oslo: Camille Martin (Lyon) proposes to work together on “Welcoming newcomers”."
    )


def test_an_acceptance_tells_the_proposing_city_but_not_a_decline(personas, lyon, oslo):
    connection = services.propose_connection(
        proposed_by=personas["lyon_coordinator"].user,
        from_city=lyon,
        to_cities=[oslo],
        topic="Anti-rumours",
    )
    Notification.objects.all().delete()

    services.answer_invitation(
        connection, city=oslo, accept=True, answered_by=personas["oslo_coordinator"].user
    )

    told = {row.recipient.email: row for row in Notification.objects.all()}
    assert set(told) == {"coordinator@lyon.test", "editor@lyon.test"}
    assert render_message(told["coordinator@lyon.test"], "fr") == (
        "Lyon\u00a0: Ingrid Hansen (Oslo) a accepté de travailler ensemble sur "
        "«\u00a0Anti-rumours\u00a0»."
    )


def test_a_decline_tells_nobody(personas, lyon, oslo):
    connection = services.propose_connection(
        proposed_by=personas["lyon_coordinator"].user, from_city=lyon, to_cities=[oslo], topic="T"
    )
    Notification.objects.all().delete()

    services.answer_invitation(
        connection, city=oslo, accept=False, answered_by=personas["oslo_coordinator"].user
    )

    assert not Notification.objects.exists()
