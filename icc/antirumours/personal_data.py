"""What anti-rumours strategies hold about a person, found by their address: export, erase.

Agents and organisations' contact persons are recorded by their city, often without an
account; when a person with an account asks, the rows with their address are theirs.
"""

from typing import Any

from icc.accounts.models import User
from icc.antirumours.models import Agent, Organisation


def export_person(user: User) -> dict[str, Any]:
    """Return the agent records and organisation contacts kept with the person's address."""
    return {
        "agents": [
            {
                "city": agent.strategy.city.slug,
                "full_name": agent.full_name,
                "email": agent.email,
                "district": agent.district.name if agent.district else None,
                "organisation": agent.organisation.name if agent.organisation else None,
                "training_sessions": [
                    {"module": s.module.title, "held_on": s.held_on.isoformat()}
                    for s in agent.sessions.select_related("module")
                ],
            }
            for agent in Agent.objects.filter(email__iexact=user.email).select_related(
                "strategy__city", "district", "organisation"
            )
        ],
        "organisation_contacts": [
            {
                "city": org.strategy.city.slug,
                "organisation": org.name,
                "contact_name": org.contact_name,
                "contact_email": org.contact_email,
            }
            for org in Organisation.objects.filter(contact_email__iexact=user.email).select_related(
                "strategy__city"
            )
        ],
    }


def erase_person(user: User) -> None:
    """Anonymise the agent records and contacts with the person's address; the counts stay."""
    if not user.email:
        return
    Agent.objects.filter(email__iexact=user.email).update(
        full_name="(erased)", email="", is_erased=True
    )
    Organisation.objects.filter(contact_email__iexact=user.email).update(
        contact_name="", contact_email=""
    )
