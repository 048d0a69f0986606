"""Full-text search of published practices: one behaviour on SQLite and on PostgreSQL.

Each text of a practice (one per language, decision 0004) is one document,
analysed with the stemmer of its language and without accents. A query is
analysed for each language and matched against that language's documents, so
« accueillir » finds « accueil des réfugiés » and "refugee" finds "refugees".

- SQLite: two FTS5 tables (``unicode61 remove_diacritics 2``) fed with words
  already stemmed in Python by the Snowball English and French stemmers
  (``analyse``), the algorithms of PostgreSQL's stemmers; queries are stemmed
  alike. Ranked by bm25.
- PostgreSQL: two tables of ``tsvector`` with GIN indexes (migration 0008), with
  the ``icc_english`` and ``icc_french`` configurations (the snowball stemmers
  after ``unaccent``, migration 0002). Ranked by ``ts_rank_cd``.

Queries are never passed to either engine's query syntax: words are extracted
(letters and digits only), quoted segments become phrases, stop words are
dropped, and the result is built with bound parameters — so quotes, operators,
emoji or 2,000 characters give results or nothing, never an error.

The modules, by concept (decision 0013 says why it is built this way):

- ``analysis``: words, stems, stop words, the parsed query;
- ``index``: the documents and facet values of published practices, written by
  ``index_practice``/``remove_practice``, which the services call inside their
  transaction, so what is indexed is always what is published;
- ``matching``: the engine's two statements per language, the ids of the
  newest matches then the scores of those kept (at most ``MAX_MATCHES``);
- ``facets``: the bitmap of the published practices of each facet value, with which
  facets are counted and filtered;
- ``results``: filters, facet counts, ranking and the page of hits;
- ``snippets``: the escaped, highlighted extract of each hit.
"""

from icc.practices.search.analysis import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    SEARCH_LANGUAGES,
    STEMMERS,
    STOP_WORDS,
    ParsedQuery,
    analyse,
    analyse_french,
    fold,
    parse_query,
    stem_english,
    stem_french,
    words,
)
from icc.practices.search.index import (
    PG_CONFIGS,
    index_practice,
    rebuild_index,
    remove_practice,
)
from icc.practices.search.matching import MAX_MATCHES, Matches, match
from icc.practices.search.results import (
    FACETS,
    PAGE_SIZE,
    FacetValue,
    Filters,
    Hit,
    SearchResults,
    search,
)
from icc.practices.search.snippets import SNIPPET_SOURCE_CHARS, SNIPPET_WORDS, snippet

__all__ = [
    "FACETS",
    "MAX_MATCHES",
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "PAGE_SIZE",
    "PG_CONFIGS",
    "SEARCH_LANGUAGES",
    "SNIPPET_SOURCE_CHARS",
    "SNIPPET_WORDS",
    "STEMMERS",
    "STOP_WORDS",
    "FacetValue",
    "Filters",
    "Hit",
    "Matches",
    "ParsedQuery",
    "SearchResults",
    "analyse",
    "analyse_french",
    "fold",
    "index_practice",
    "match",
    "parse_query",
    "rebuild_index",
    "remove_practice",
    "search",
    "snippet",
    "stem_english",
    "stem_french",
    "words",
]
