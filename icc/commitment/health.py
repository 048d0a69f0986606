"""The health of a city's political commitment, from explicit rules shown as reasons.

Pure: the facts come in as a ``CityFacts``, the concerns go out as sentences with the
number of days within which to act. No score: each concern says what is wrong.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Thresholds of the rules; changing one changes what the secretariat is told.
ELECTION_WARNING_DAYS = 180
INDEX_STALE_DAYS = 3 * 365  # the Index is repeated about every three years
COORDINATOR_INACTIVE_DAYS = 182


@dataclass(frozen=True)
class SignatoryFact:
    """An instrument whose signatory's term is known."""

    instrument_label: str
    signatory_name: str
    term_ended_on: date | None


@dataclass(frozen=True)
class CityFacts:
    """What the rules read about one city."""

    city_id: int
    next_election_on: date | None = None
    signatories: list[SignatoryFact] = field(default_factory=list)
    last_index_on: date | None = None
    coordinator_name: str | None = None
    coordinator_active_on: date | None = None
    has_current_mayor: bool = True


@dataclass(frozen=True)
class Concern:
    """One reason for worry, and how many days are left to act on it (0: act now)."""

    rule: str
    message: str
    act_within_days: int


def _months(days: int) -> int:
    return max(1, round(days / 30.44))


def _years(days: int) -> int:
    return max(1, days // 365)


def concerns_for(facts: CityFacts, *, today: date) -> list[Concern]:
    """Return the concerns about one city, the most urgent first."""
    found: list[Concern] = []
    for signatory in facts.signatories:
        if signatory.term_ended_on is not None and signatory.term_ended_on < today:
            found.append(
                Concern(
                    "signatory_left",
                    _("The signatory of the %(instrument)s, %(name)s, left office in %(month)s.")
                    % {
                        "instrument": signatory.instrument_label,
                        "name": signatory.signatory_name,
                        "month": date_format(signatory.term_ended_on, "F Y"),
                    },
                    0,
                )
            )
    if facts.next_election_on is not None:
        days = (facts.next_election_on - today).days
        if 0 <= days <= ELECTION_WARNING_DAYS:
            found.append(
                Concern(
                    "election_near",
                    ngettext("Election in %(days)d day.", "Election in %(days)d days.", days)
                    % {"days": days},
                    days,
                )
            )
    if facts.last_index_on is None:
        found.append(Concern("index_missing", _("No Index answer on record."), 60))
    elif (today - facts.last_index_on).days > INDEX_STALE_DAYS:
        years = _years((today - facts.last_index_on).days)
        found.append(
            Concern(
                "index_stale",
                ngettext(
                    "No Index answer for %(years)d year.",
                    "No Index answer for %(years)d years.",
                    years,
                )
                % {"years": years},
                60,
            )
        )
    if facts.coordinator_name is None:
        found.append(Concern("no_coordinator", _("No coordinator is named for the city."), 30))
    else:
        idle = (today - facts.coordinator_active_on).days if facts.coordinator_active_on else None
        if idle is None or idle > COORDINATOR_INACTIVE_DAYS:
            if idle is None:
                message = _("The coordinator, %(name)s, has never signed in.") % {
                    "name": facts.coordinator_name
                }
            else:
                months = _months(idle)
                message = ngettext(
                    "The coordinator, %(name)s, has been inactive for %(months)d month.",
                    "The coordinator, %(name)s, has been inactive for %(months)d months.",
                    months,
                ) % {"name": facts.coordinator_name, "months": months}
            found.append(Concern("coordinator_inactive", message, 30))
    if not facts.has_current_mayor:
        found.append(Concern("no_mayor", _("No current mayor is recorded."), 90))
    return sorted(found, key=lambda concern: (concern.act_within_days, concern.rule))
