"""Full-text search of published practices: one behaviour on SQLite and on PostgreSQL.

Each text of a practice (one per language, decision 0004) is one document,
analysed with the Snowball stemmer of its language, then without accents (stemming
first, so « réfugiés » and « réfugiées » share a stem). A query is analysed for each
language and matched against that language's documents, so « accueillir » finds
« accueil des réfugiés » and "refugee" finds "refugees"; a French word typed without
accents is also searched as its accented participle (« refugiees », « réfugiées »).

Both engines store the same words, stemmed in Python (``analyse``), and are asked
the same stems:

- SQLite: two FTS5 tables (``unicode61 remove_diacritics 2``). Ranked by bm25.
- PostgreSQL: two tables of ``tsvector`` with GIN indexes (migration 0008), built
  with the ``simple`` configuration (it only splits the stems). Ranked by ``ts_rank_cd``.

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
    is_stop_word,
    parse_query,
    query_stems,
    stem_english,
    stem_french,
    tokens,
    words,
)
from icc.practices.search.index import (
    PG_CONFIG,
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
    "PG_CONFIG",
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
    "is_stop_word",
    "match",
    "parse_query",
    "query_stems",
    "rebuild_index",
    "remove_practice",
    "search",
    "snippet",
    "stem_english",
    "stem_french",
    "tokens",
    "words",
]
