"""Who may see and change a city's political commitment and the re-engagement work."""

from icc.accounts.actors import Actor
from icc.accounts.permissions import is_secretariat
from icc.commitment.models import CommitmentInstrument
from icc.network.models import City
from icc.network.permissions import can_act_for_network, can_read_city_space


def can_view_commitment(user: Actor, city: City) -> bool:
    """Return whether the person may read the city's offices, elections and instruments."""
    return can_read_city_space(user, city)


def can_download_instrument(user: Actor, instrument: CommitmentInstrument) -> bool:
    """Return whether the person may open an instrument's document: whoever reads the page."""
    return can_view_commitment(user, instrument.city)


def can_edit_commitment(user: Actor, city: City) -> bool:
    """Return whether the person may record offices, elections and instruments of the city.

    The secretariat, or the city's own people while the city may act for the network.
    """
    return can_act_for_network(user, city) or (
        is_secretariat(user) and city.status != City.Status.LEFT
    )


def can_manage_reengagement(user: Actor) -> bool:
    """Return whether the person may see and work on re-engagement tasks (the secretariat)."""
    return is_secretariat(user)


def can_view_dashboard(user: Actor) -> bool:
    """Return whether the person may open the secretariat's dashboard."""
    return is_secretariat(user)
