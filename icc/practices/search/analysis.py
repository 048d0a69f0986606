"""What a search and a document are made of: folded words, stems, stop words, phrases.

Free of the database: the index and the queries of both engines are built from
these functions, so a document and a query are always analysed alike.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MAX_QUERY_CHARS = 2000
MAX_TERMS = 12
SEARCH_LANGUAGES = ("en", "fr")

STOP_WORDS = {
    "en": frozenset(
        [
            "a",
            "about",
            "an",
            "and",
            "are",
            "as",
            "at",
            "be",
            "been",
            "but",
            "by",
            "for",
            "from",
            "had",
            "has",
            "have",
            "he",
            "her",
            "his",
            "how",
            "i",
            "if",
            "in",
            "into",
            "is",
            "it",
            "its",
            "me",
            "my",
            "no",
            "nor",
            "not",
            "of",
            "on",
            "or",
            "our",
            "she",
            "so",
            "than",
            "that",
            "the",
            "their",
            "them",
            "then",
            "there",
            "these",
            "they",
            "this",
            "those",
            "to",
            "too",
            "was",
            "we",
            "were",
            "what",
            "when",
            "where",
            "which",
            "who",
            "why",
            "will",
            "with",
            "you",
            "your",
        ]
    ),
    "fr": frozenset(
        [
            "a",
            "au",
            "aux",
            "avec",
            "ce",
            "ces",
            "cet",
            "cette",
            "dans",
            "de",
            "des",
            "du",
            "elle",
            "en",
            "et",
            "eux",
            "il",
            "ils",
            "je",
            "la",
            "le",
            "les",
            "leur",
            "leurs",
            "lui",
            "ma",
            "mais",
            "me",
            "meme",
            "mes",
            "moi",
            "mon",
            "ne",
            "nos",
            "notre",
            "nous",
            "on",
            "ou",
            "par",
            "pas",
            "pour",
            "qu",
            "que",
            "qui",
            "sa",
            "se",
            "ses",
            "son",
            "sur",
            "ta",
            "te",
            "tes",
            "toi",
            "ton",
            "tu",
            "un",
            "une",
            "vos",
            "votre",
            "vous",
            "y",
            "d",
            "l",
            "j",
            "m",
            "n",
            "s",
            "t",
            "c",
            "est",
            "sont",
            "ete",
            "etre",
            "avoir",
            "ont",
        ]
    ),
}

_WORD = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"|«([^»]*)»|“([^”]*)”')


def fold(text: str) -> str:
    """Return ``text`` lower-cased and without accents."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Folding is per character, so a text folds piece by piece; its pieces repeat (the
# vocabulary of practices is small), so folding whole documents mostly hits this cache.
_fold_piece = lru_cache(maxsize=200_000)(fold)


def words(text: str) -> list[str]:
    """Return the folded words of ``text``: runs of letters and digits, nothing else."""
    folded = " ".join(_fold_piece(piece) for piece in text.split())
    return [word.replace("_", "") for word in _WORD.findall(folded) if word.strip("_")]


# Longest first; a suffix is only removed when at least three letters remain.
_FRENCH_SUFFIXES = sorted(
    [
        "issements",
        "issement",
        "ements",
        "ement",
        "ations",
        "ation",
        "atrices",
        "atrice",
        "ateurs",
        "ateur",
        "ances",
        "ance",
        "ences",
        "ence",
        "ites",
        "ite",
        "ives",
        "ive",
        "ifs",
        "if",
        "euses",
        "euse",
        "eux",
        "istes",
        "iste",
        "ismes",
        "isme",
        "ables",
        "able",
        "ibles",
        "ible",
        "ions",
        "ion",
        "eraient",
        "erait",
        "erons",
        "erez",
        "aient",
        "ait",
        "ant",
        "ants",
        "ent",
        "ir",
        "er",
        "ez",
        "ons",
        "ees",
        "ee",
        "es",
        "e",
        "ais",
        "ai",
        "is",
        "i",
    ],
    key=len,
    reverse=True,
)


@lru_cache(maxsize=200_000)
def stem_french(word: str) -> str:
    """Return a light stem of the folded French ``word`` (plural, gender, verb endings).

    A small suffix stripper in the spirit of Savoy's light French stemmer: it
    only has to give a word and its inflections the same stem, since it is
    applied to documents and queries alike.
    """
    for suffix in _FRENCH_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    else:
        if len(word) > 4 and word.endswith(("s", "x")):
            word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouy":
        word = word[:-1]
    return word


_ENGLISH_SUFFIXES = sorted(
    [
        "ations",
        "ation",
        "ings",
        "ing",
        "edly",
        "ed",
        "ies",
        "es",
        "s",
        "ly",
        "ment",
        "ments",
        "ers",
        "er",
    ],
    key=len,
    reverse=True,
)


@lru_cache(maxsize=200_000)
def stem_english(word: str) -> str:
    """Return a light stem of the folded English ``word``, to highlight its inflections."""
    for suffix in _ENGLISH_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouy":
        word = word[:-1]
    return word


STEMMERS = {"en": stem_english, "fr": stem_french}


def analyse_french(text: str) -> str:
    """Return the French stems of ``text`` without stop words, as SQLite's index stores them."""
    return " ".join(stems for piece in text.split() if (stems := _analyse_french_piece(piece)))


@lru_cache(maxsize=200_000)
def _analyse_french_piece(piece: str) -> str:
    # Words never span white space: a text is analysed piece by piece, and its pieces
    # repeat, so most of a document is read from this cache.
    return " ".join(stem_french(word) for word in words(piece) if word not in STOP_WORDS["fr"])


@dataclass(frozen=True)
class ParsedQuery:
    """What a person typed, reduced to words and phrases of folded words."""

    text: str
    loose: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    def loose_for(self, language: str) -> list[str]:
        """Return the loose words that count in ``language`` (its stop words dropped)."""
        return [word for word in self.loose if word not in STOP_WORDS[language]]

    def is_empty_for(self, language: str) -> bool:
        return not self.loose_for(language) and not self.phrases

    @property
    def is_empty(self) -> bool:
        return all(self.is_empty_for(language) for language in SEARCH_LANGUAGES)

    def highlight_stems(self, language: str) -> frozenset[str]:
        """Return the stems whose words a snippet in ``language`` highlights."""
        stem = STEMMERS[language]
        terms = self.loose_for(language) + [
            word for phrase in self.phrases for word in phrase if word not in STOP_WORDS[language]
        ]
        return frozenset(stem(word) for word in terms)


def parse_query(text: str) -> ParsedQuery:
    """Split ``text`` into loose words and quoted phrases; anything else is dropped."""
    text = (text or "")[:MAX_QUERY_CHARS]
    loose = words(_PHRASE.sub(" ", text))
    phrases: list[tuple[str, ...]] = []
    for match in _PHRASE.finditer(text):
        phrase = tuple(words(next(group for group in match.groups() if group is not None)))
        if len(phrase) > 1:
            phrases.append(phrase[:MAX_TERMS])
        else:
            loose.extend(phrase)
    return ParsedQuery(
        text=text, loose=tuple(dict.fromkeys(loose))[:MAX_TERMS], phrases=tuple(phrases[:4])
    )
