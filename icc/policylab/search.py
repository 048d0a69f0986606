"""Find stakeholders and labs by their words, in English and French, with the one search engine.

Decision 0069 (after 0059): stakeholders and labs are two families of documents of the
practices' search code (``practices.search.index.DocumentTables``): FTS5 tables on
SQLite, ``tsvector`` tables with a GIN index on PostgreSQL (``policylab_stakeholder_fts_*``
and ``policylab_lab_fts_*``, created by migration 0003), the words stemmed and folded as
for practices, so « accueillir » finds « accueil ». The services rewrite a record's
documents inside the transaction that changes it. Contact people are never indexed: a
match must not tell who works where.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django_countries import countries

from icc.policylab.models import Lab, Level, Stakeholder
from icc.practices.selectors import (
    index_search_documents,
    match_search_documents,
    search_documents,
)

LANGUAGES = ("en", "fr")
STAKEHOLDER_DOCUMENTS = search_documents("policylab_stakeholder_fts", "stakeholder_id")
LAB_DOCUMENTS = search_documents("policylab_lab_fts", "lab_id")
# A search names a few records; the newest matches are kept beyond that.
MAX_MATCHES = 500

Document = tuple[int, str, str, str]


def stakeholder_documents(stakeholders: Iterable[Stakeholder]) -> list[Document]:
    """Return the documents ``(id, language, title, words)`` of the stakeholders.

    The name is the title in both languages (a proper name); the level, the kind and the
    country are written in each language, with the region and the related cities and
    national networks.
    """
    documents = []
    for stakeholder in stakeholders:
        places = [
            stakeholder.region,
            *(city.name for city in stakeholder.cities.all()),
            *(network.name for network in stakeholder.national_networks.all()),
        ]
        for language in LANGUAGES:
            with translation.override(language):
                words = [
                    str(Level(stakeholder.level).label),
                    str(Stakeholder.Kind(stakeholder.kind).label),
                    str(countries.name(str(stakeholder.country))) if stakeholder.country else "",
                    *places,
                ]
            body = "\n".join(word for word in words if word)
            documents.append((stakeholder.pk, language, stakeholder.name, body))
    return documents


def _in(record: object, name: str, language: str) -> str:
    """Return the field's text in ``language``, else the English one (what the page shows)."""
    return getattr(record, f"{name}_{language}", "") or getattr(record, f"{name}_en", "")


def lab_documents(labs: Iterable[Lab]) -> list[Document]:
    """Return the documents of the labs: title; theme, place, agendas, outcomes, participants."""
    documents = []
    for lab in labs:
        sessions = list(lab.sessions.all())
        outcomes = [outcome for session in sessions for outcome in session.outcomes.all()]
        names = [stakeholder.name for stakeholder in lab.stakeholders.all()]
        for language in LANGUAGES:
            words = [
                _in(lab, "theme", language),
                lab.place,
                *(_in(session, "agenda", language) for session in sessions),
                *(_in(outcome, "text", language) for outcome in outcomes),
                # Follow-ups are written once, in their language: found in both.
                *(outcome.follow_up for outcome in outcomes),
                *names,
            ]
            body = "\n".join(word for word in words if word)
            documents.append((lab.pk, language, _in(lab, "title", language), body))
    return documents


def index_stakeholders(ids: Iterable[int], model: Any = Stakeholder) -> None:
    """Rewrite the documents of the stakeholders ``ids`` (call inside the writing transaction).

    ``model`` is a migration's historical model when a migration fills the tables.
    """
    rows = model.objects.filter(pk__in=list(ids)).prefetch_related("cities", "national_networks")
    index_search_documents(STAKEHOLDER_DOCUMENTS, stakeholder_documents(rows))


def index_labs(ids: Iterable[int], model: Any = Lab) -> None:
    """Rewrite the documents of the labs ``ids`` (call inside the writing transaction)."""
    rows = model.objects.filter(pk__in=list(ids)).prefetch_related(
        "sessions__outcomes", "stakeholders"
    )
    index_search_documents(LAB_DOCUMENTS, lab_documents(rows))


def index_all(stakeholder_model: Any = Stakeholder, lab_model: Any = Lab) -> None:
    """Write the documents of every stakeholder and lab (the migration that makes the tables).

    The documents read only fields the first tables already had, so a migration passes its
    historical models and later changes to the models do not break it.
    """
    index_stakeholders(stakeholder_model.objects.values_list("pk", flat=True), stakeholder_model)
    index_labs(lab_model.objects.values_list("pk", flat=True), lab_model)


def search_stakeholders(rows: QuerySet[Stakeholder], query: str) -> QuerySet[Stakeholder]:
    """Return the stakeholders among ``rows`` that match ``query`` (all of them without one)."""
    if not query.strip():
        return rows
    scores = match_search_documents(STAKEHOLDER_DOCUMENTS, query, limit=MAX_MATCHES)
    return rows.filter(pk__in=list(scores))


def search_labs(rows: QuerySet[Lab], query: str) -> QuerySet[Lab]:
    """Return the labs among ``rows`` that match ``query`` (all of them without one)."""
    if not query.strip():
        return rows
    scores = match_search_documents(LAB_DOCUMENTS, query, limit=MAX_MATCHES)
    return rows.filter(pk__in=list(scores))


def is_capped(found: QuerySet[Any], query: str) -> int:
    """Return how many matches the search keeps when more may have matched ``query``, else 0."""
    return MAX_MATCHES if query.strip() and found.count() >= MAX_MATCHES else 0
