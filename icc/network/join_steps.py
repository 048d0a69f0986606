"""The join steps the platform ships, in the network's current order (shared/DOMAIN.md).

The secretariat changes them afterwards (``services.save_join_step_definition``); these
are only written into an empty table: after the first migration, and after a ``flush``
(the browser tests empty the database between journeys).
"""

from typing import Any

from django.db import DEFAULT_DB_ALIAS

# key, English and French names, position, what completes it, in the current order
SHIPPED_STEPS = [
    (
        "expression_of_interest",
        "Expression of interest",
        "Manifestation d’intérêt",
        10,
        "document",
        True,
    ),
    ("statement_of_intent", "Statement of intent", "Déclaration d’intention", 20, "document", True),
    (
        "membership_decision",
        "Membership decision",
        "Décision d’adhésion",
        30,
        "membership_decision",
        True,
    ),
    (
        "index_questionnaire",
        "Index questionnaire",
        "Questionnaire de l’Index",
        40,
        "index_round",
        True,
    ),
    ("expert_visit", "Expert visit", "Visite d’experts", 50, "expert_visit", True),
    (
        "formal_decision",
        "Formal decision of the mayor or council",
        "Décision formelle du maire ou du conseil municipal",
        60,
        "document",
        False,
    ),
    (
        "financial_agreement",
        "Financial agreement",
        "Accord financier",
        70,
        "financial_agreement",
        False,
    ),
]


def ship_join_steps(**kwargs: Any) -> None:
    """Write the shipped join steps when there are none (a ``post_migrate`` receiver)."""
    from icc.network.models import JoinStepDefinition

    using = kwargs.get("using", DEFAULT_DB_ALIAS)
    definitions = JoinStepDefinition.objects.using(using)
    if definitions.exists():
        return
    definitions.bulk_create(
        [
            JoinStepDefinition(
                key=key,
                names={"en": english, "fr": french},
                position=position,
                completion=completion,
                is_in_use=is_in_use,
            )
            for key, english, french, position, completion, is_in_use in SHIPPED_STEPS
        ]
    )
