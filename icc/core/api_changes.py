"""What changed in each version of the public API, for the changelog page.

Add an entry to the top of ``API_CHANGES`` with every change a client could notice.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ApiVersion:
    """One published state of the API: its version, date and what changed."""

    version: str
    released_on: date
    changes: tuple[str | Promise, ...]


API_CHANGES = (
    ApiVersion(
        "1.2",
        date(2026, 12, 2),
        (
            _("Every error under /api/ answers the same JSON shape, unknown paths included."),
            _("Invalid fields in PATCH requests are refused with 400 and a message per field."),
            _("City names are given in every language of the platform (names)."),
            _("Open data: every public dataset as CSV and JSON, with a Data Package descriptor."),
            _(
                "Index results give each dimension's score (dimensions) when the round's "
                "edition scores dimensions."
            ),
            _(
                "Policy lab uptakes give the language of their adaptation text "
                "(adaptation_language) and the side that confirmed them (confirmed_by)."
            ),
        ),
    ),
    ApiVersion(
        "1.1",
        date(2026, 11, 28),
        (
            _("Events: GET /api/v1/events, with filters by kind, audience and network."),
            _("Answers are cached per language for visitors."),
        ),
    ),
    ApiVersion(
        "1.0",
        date(2026, 11, 20),
        (
            _("Cities, national networks, Index editions and results, practices."),
            _("Token access to a city's drafts and Index answers."),
        ),
    ),
)
