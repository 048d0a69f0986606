"""Lyon sees its recommended peers and proposes a connection that Oslo accepts."""

from playwright.sync_api import expect

from conftest import Persona
from e2e.conftest import NewPage, in_language, sign_in, url, user_of
from icc.connections.models import ConnectionRequest
from icc.connections.tests.conftest import publish_with_areas
from icc.index.tests.factories import shipped_round
from icc.network.models import City


def test_a_city_proposes_a_connection_to_a_recommended_peer(
    new_page: NewPage,
    lyon: City,
    oslo: City,
    barcelona: City,
    lyon_coordinator: Persona,
    oslo_coordinator: Persona,
) -> None:
    index_round = shipped_round(label="2024")
    publish_with_areas(index_round, lyon, 0.8, {"language": 0.1})
    publish_with_areas(index_round, oslo, 0.6, {"language": 1.0})
    publish_with_areas(index_round, barcelona, 0.5, {})

    page = new_page()
    sign_in(page, user_of(lyon_coordinator).email)
    page.goto(url("fr", "connections:recommendations", slug="lyon"))
    language = page.get_by_role("region", name="Langue")
    expect(language.get_by_role("link", name="Oslo", exact=True)).to_be_visible()
    language.get_by_role(
        "link", name=in_language("fr", "Propose a connection to %(name)s") % {"name": "Oslo"}
    ).click()
    page.get_by_role("button", name=in_language("fr", "Send the proposal")).click()
    expect(page.get_by_role("status")).to_have_text(in_language("fr", "Your proposal is sent."))
    connection = ConnectionRequest.objects.get()

    peer = new_page()
    sign_in(peer, user_of(oslo_coordinator).email)
    peer.goto(url("en", "connections:connection-detail", pk=connection.pk))
    peer.get_by_role("button", name="Accept for Oslo").click()
    expect(peer.get_by_role("status")).to_have_text("You accepted the connection.")
    connection.refresh_from_db()
    assert connection.status == ConnectionRequest.Status.ACTIVE
