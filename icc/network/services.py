"""Every write to cities and national networks, whatever the interface."""

from typing import Any

from django.db import transaction
from icc.core.activity import apply_changes, field_changes, record_activity
from icc.core.page_cache import invalidate_public_pages
from icc.network.models import City, NationalNetwork


@transaction.atomic
def create_city(*, created_by: Any, **fields: Any) -> City:
    """Add a city to the network and record who did it."""
    city = City(**fields)
    city.full_clean()
    city.save()
    record_activity(created_by, "city.created", city, changes=field_changes({}, fields))
    transaction.on_commit(invalidate_public_pages)
    return city


@transaction.atomic
def update_city(city: City, *, changed_by: Any, data: dict[str, Any]) -> City:
    """Change the city's fields named in ``data``, recording the old and new values.

    Raises ``ValidationError`` (and saves nothing) when the result is invalid.
    """
    changes = apply_changes(city, data)
    if not changes:
        return city
    city.save()
    record_activity(changed_by, "city.updated", city, changes=changes)
    transaction.on_commit(invalidate_public_pages)
    return city


@transaction.atomic
def create_national_network(*, created_by: Any, **fields: Any) -> NationalNetwork:
    """Add a national network and record who did it."""
    network = NationalNetwork(**fields)
    network.full_clean()
    network.save()
    record_activity(
        created_by, "national_network.created", network, changes=field_changes({}, fields)
    )
    transaction.on_commit(invalidate_public_pages)
    return network


@transaction.atomic
def update_national_network(
    network: NationalNetwork, *, changed_by: Any, data: dict[str, Any]
) -> NationalNetwork:
    """Change the national network's fields named in ``data``, recording the change."""
    changes = apply_changes(network, data)
    if not changes:
        return network
    network.save()
    record_activity(changed_by, "national_network.updated", network, changes=changes)
    transaction.on_commit(invalidate_public_pages)
    return network
