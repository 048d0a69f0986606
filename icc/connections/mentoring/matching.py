"""Propose mentors to a city: pilot cities strong where it is weakest, alike, with a free place.

Pure computation: no ORM, no request. The caller gives the mentee's context and scores
(``matching.CityContext``, from the published Index results) and each pilot city's
context, the areas it mentors in, its languages and its free places. Each mentor is
weighed by

    0.6 × complementarity + 0.25 × context + 0.15 × capacity

where ``complementarity`` is the mean lead of the mentor over the mentee in the
mentee's weakest areas that the mentor mentors in (a lead of 50 points or more counts
1), ``context`` how comparable the two cities are (a shared working language 0.4, the
same size band 0.3, the same band of foreign-born residents 0.3; a neighbouring band
counts half, an unknown one half), and ``capacity`` the free places (three or more
count 1). Mentors with no free place are never proposed.

The mentors are held as arrays (``MentorPool``), so proposing for every newcomer of
a large network is a few vector operations per newcomer; each proposal carries the
facts behind it, which ``reasons`` puts in words in the active language.
"""

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from icc.connections.matching import CityContext

WEAKEST_AREAS = 3
PROPOSALS = 5
FULL_LEAD = 50.0
WEIGHTS = {"complementarity": 0.6, "context": 0.25, "capacity": 0.15}
# Size bands as the directory draws them (network.models.PopulationBand); bands of the
# share of foreign-born residents, in percentage points.
SIZE_BOUNDS = (100_000, 200_000, 500_000)
FOREIGN_BORN_BOUNDS = (10, 20, 30)


def size_band(population: int | None) -> int | None:
    """Return the size band of a population: 0 under 100,000 … 3 from 500,000."""
    return None if not population else bisect.bisect_right(SIZE_BOUNDS, population)


def foreign_born_band(share: Decimal | float | None) -> int | None:
    """Return the band of a share of foreign-born residents: 0 under 10 % … 3 from 30 %."""
    return None if share is None else bisect.bisect_right(FOREIGN_BORN_BOUNDS, float(share))


@dataclass(frozen=True)
class MentorContext:
    """A pilot city as matching knows it: its context, mentored areas, languages, free places."""

    city: CityContext
    areas: frozenset[str]
    languages: frozenset[str]
    free_places: int


class MentorProposal(NamedTuple):
    """One mentor proposed to a mentee, with the facts that explain it."""

    mentor_id: int
    mentor_name: str
    weight: float
    # (area, the mentor's score, the mentee's score) in the mentee's weakest areas it covers
    leads: tuple[tuple[str, Decimal, Decimal], ...]
    shared_languages: tuple[str, ...]
    same_size_band: bool
    same_foreign_born_band: bool
    free_places: int


def weakest_areas(city: CityContext, *, limit: int = WEAKEST_AREAS) -> list[str]:
    """Return the city's lowest-scoring areas, weakest first (ties by area code)."""
    return [area for _score, area in sorted((s, a) for a, s in city.scores.items())[:limit]]


def _band_term(own: int | None, other: np.ndarray) -> np.ndarray:
    """Return 1 for the same band, 0.5 for a neighbouring or unknown one, else 0."""
    if own is None:
        return np.full(other.shape, 0.5)
    distance = np.abs(other - own)
    return np.where(other < 0, 0.5, np.where(distance == 0, 1.0, np.where(distance == 1, 0.5, 0)))


class MentorPool:
    """The pilot cities with a free place, held as arrays to weigh them all at once."""

    def __init__(self, mentors: Sequence[MentorContext]) -> None:
        self.mentors = [mentor for mentor in mentors if mentor.free_places > 0]
        self.areas = sorted({area for m in self.mentors for area in m.city.scores})
        column = {area: index for index, area in enumerate(self.areas)}
        self._column = column
        count = len(self.mentors)
        # A mentor's score in an area it does not mentor in counts as no lead: NaN.
        self._scores = np.full((count, len(self.areas)), np.nan)
        for row, mentor in enumerate(self.mentors):
            for area, score in mentor.city.scores.items():
                if area in mentor.areas:
                    self._scores[row, column[area]] = float(score)
        languages = sorted({language for m in self.mentors for language in m.languages})
        self._language_bit = {language: 1 << i for i, language in enumerate(languages)}
        self._languages = np.array(
            [sum(self._language_bit[lang] for lang in m.languages) for m in self.mentors],
            dtype=object if len(languages) > 62 else np.int64,
        )
        self._has_languages = np.array([bool(m.languages) for m in self.mentors])
        self._size = np.array(
            [_or_minus_one(size_band(m.city.population)) for m in self.mentors], dtype=np.int64
        )
        self._foreign_born = np.array(
            [_or_minus_one(foreign_born_band(m.city.foreign_born_share)) for m in self.mentors],
            dtype=np.int64,
        )
        self._capacity = np.minimum(np.array([m.free_places for m in self.mentors]), 3) / 3
        self._ids = np.array([m.city.city_id for m in self.mentors], dtype=np.int64)
        self._contexts: dict[tuple[bool, int, int | None, int | None], np.ndarray] = {}

    def _context(
        self, has_languages: bool, mask: int, size: int | None, foreign_born: int | None
    ) -> np.ndarray:
        """Return every mentor's weighted context and capacity terms for mentees of one profile.

        Kept per profile (languages, size band, foreign-born band): newcomers share few.
        """
        key = (has_languages, mask, size, foreign_born)
        context = self._contexts.get(key)
        if context is None:
            if has_languages:
                shared = (self._languages & mask) != 0
                language = np.where(self._has_languages, shared.astype(float), 0.5)
            else:
                language = np.full(len(self.mentors), 0.5)
            context = (
                0.4 * language
                + 0.3 * _band_term(size, self._size)
                + 0.3 * _band_term(foreign_born, self._foreign_born)
            )
            context = WEIGHTS["context"] * context + WEIGHTS["capacity"] * self._capacity
            self._contexts[key] = context
        return context

    def propose(self, mentee: CityContext, *, limit: int = PROPOSALS) -> list[MentorProposal]:
        """Return the best mentors for ``mentee``, best first (ties go to the lower city id)."""
        if not self.mentors or limit < 1:
            return []
        weak = [area for area in weakest_areas(mentee) if area in self._column]
        if weak:
            columns = [self._column[area] for area in weak]
            own = np.array([float(mentee.scores[area]) for area in weak])
            leads = np.nan_to_num(self._scores[:, columns] - own, nan=0.0)
            complementarity = np.clip(leads, 0, FULL_LEAD).sum(axis=1) / (FULL_LEAD * len(weak))
        else:
            leads = np.zeros((len(self.mentors), 0))
            complementarity = np.zeros(len(self.mentors))
        mentee_languages = set(mentee.languages)
        mask = sum(self._language_bit.get(language, 0) for language in mentee_languages)
        mentee_size = size_band(mentee.population)
        mentee_foreign_born = foreign_born_band(mentee.foreign_born_share)
        context = self._context(bool(mentee_languages), mask, mentee_size, mentee_foreign_born)
        weight = WEIGHTS["complementarity"] * complementarity + context
        weight = np.where(self._ids == mentee.city_id, -1.0, weight)
        count = min(limit, len(self.mentors))
        # Highest weight first, then the lower id: lexsort sorts by its last key first.
        top = np.argpartition(-weight, count - 1)[:count] if count < len(weight) else None
        rows = np.arange(len(weight)) if top is None else top
        # Rows tied with the last kept weight but left out by argpartition must compete too.
        if top is not None:
            bar = weight[top].min()
            rows = np.union1d(rows, np.nonzero(weight == bar)[0])
        ordered = rows[np.lexsort((self._ids[rows], -weight[rows]))][:count]
        proposals = []
        for row in ordered:
            if weight[row] < 0:
                continue
            mentor = self.mentors[row]
            covered = tuple(
                (area, mentor.city.scores[area], mentee.scores[area])
                for index, area in enumerate(weak)
                if leads[row, index] > 0
            )
            proposals.append(
                MentorProposal(
                    mentor.city.city_id,
                    mentor.city.name,
                    round(float(weight[row]), 6),
                    covered,
                    tuple(sorted(mentee_languages & mentor.languages)),
                    mentee_size is not None and mentee_size == self._size[row],
                    mentee_foreign_born is not None
                    and mentee_foreign_born == self._foreign_born[row],
                    mentor.free_places,
                )
            )
        return proposals


def _or_minus_one(band: int | None) -> int:
    return -1 if band is None else band


def propose_mentors(
    mentee: CityContext, mentors: Sequence[MentorContext], *, limit: int = PROPOSALS
) -> list[MentorProposal]:
    """Return the best mentors for one mentee among ``mentors`` (see ``MentorPool``)."""
    return MentorPool(mentors).propose(mentee, limit=limit)


@lru_cache(maxsize=8)
def _sentences(language: str | None) -> dict[str, str]:
    """Return the reasons' sentences in ``language`` (translated once per language)."""
    return {
        "lead": _("%(area)s: %(mentor_score)s against %(own_score)s"),
        "strong": _("Strong where %(mentee)s is weakest (%(leads)s)."),
        "none": _("Mentors in none of the areas where %(mentee)s is weakest."),
        "language": _("A shared working language: %(languages)s."),
        "size": _("A city of the same size band."),
        "foreign_born": _("A similar share of foreign-born residents."),
    }


@lru_cache(maxsize=64)
def _places(language: str | None, count: int) -> str:
    return ngettext(
        "Can take %(count)s more mentee.", "Can take %(count)s more mentees.", count
    ) % {"count": count}


def reasons(
    proposal: MentorProposal,
    *,
    mentee_name: str,
    area_names: Mapping[str, str],
    language_names: Mapping[str, str],
) -> list[str]:
    """Put the reasons for a proposal in words, in the active language: one sentence each."""
    language = get_language()
    sentence = _sentences(language)
    sentences = []
    if proposal.leads:
        leads = "; ".join(
            sentence["lead"]
            % {
                "area": area_names.get(area, area),
                "mentor_score": _whole(mentor_score),
                "own_score": _whole(own_score),
            }
            for area, mentor_score, own_score in proposal.leads
        )
        sentences.append(sentence["strong"] % {"mentee": mentee_name, "leads": leads})
    else:
        sentences.append(sentence["none"] % {"mentee": mentee_name})
    if proposal.shared_languages:
        names = ", ".join(language_names.get(code, code) for code in proposal.shared_languages)
        sentences.append(sentence["language"] % {"languages": names})
    if proposal.same_size_band:
        sentences.append(sentence["size"])
    if proposal.same_foreign_born_band:
        sentences.append(sentence["foreign_born"])
    sentences.append(_places(language, proposal.free_places))
    return sentences


def _whole(score: Decimal) -> str:
    return str(int(score.to_integral_value(rounding="ROUND_HALF_UP")))
