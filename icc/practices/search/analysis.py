"""What a search and a document are made of: folded words, stems, stop words, phrases.

Free of the database: the index and the queries of both engines are built from
these functions, so a document and a query are always analysed alike.
"""

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import snowballstemmer

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


def tokens(text: str) -> list[str]:
    """Return the words of ``text`` in lower case, accents kept: runs of letters and digits."""
    lowered = unicodedata.normalize("NFC", text.casefold())
    return [word.replace("_", "") for word in _WORD.findall(lowered) if word.strip("_")]


def words(text: str) -> list[str]:
    """Return the folded words of ``text``: runs of letters and digits, nothing else."""
    folded = " ".join(_fold_piece(piece) for piece in text.split())
    return [word.replace("_", "") for word in _WORD.findall(folded) if word.strip("_")]


def is_stop_word(word: str, language: str) -> bool:
    """Say whether ``word`` (accents or not) is a stop word of ``language``."""
    return _fold_piece(word) in STOP_WORDS[language]


# Snowball names the algorithms of PostgreSQL's english_stem and french_stem dictionaries.
_SNOWBALL_NAMES = {"en": "english", "fr": "french"}
# A Snowball stemmer keeps the word it works on in its own fields: one per thread.
_stemmers = threading.local()


def _snowball(language: str) -> Any:
    stemmers = _stemmers.__dict__.setdefault("by_language", {})
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(_SNOWBALL_NAMES[language])
    return stemmers[language]


# Stemming comes before folding: Snowball reads the accents (« réfugiés » and
# « réfugiées » are one stem, « refugies » and « refugiees » two), and the stem is folded
# so that a search ignores accents in what is left.
@lru_cache(maxsize=200_000)
def stem_french(word: str) -> str:
    """Return the folded Snowball French stem of ``word`` (lower case, accents kept)."""
    return fold(str(_snowball("fr").stemWord(word)))


@lru_cache(maxsize=200_000)
def stem_english(word: str) -> str:
    """Return the folded Snowball English stem of ``word`` (lower case)."""
    return fold(str(_snowball("en").stemWord(word)))


STEMMERS = {"en": stem_english, "fr": stem_french}

# French past participles lose their ending only with the accent: a word typed without
# it (« refugiees ») is also searched as written with it (« refugiées »).
_PARTICIPLE = re.compile(r"^(.*?[a-z])e(e?s?)$")


@lru_cache(maxsize=20_000)
def query_stems(word: str, language: str) -> tuple[str, ...]:
    """Return the stems a query word looks for: its own, and for a French word typed
    without accents, the stem of its accented participle too."""
    stem = STEMMERS[language]
    found = [stem(word)]
    participle = _PARTICIPLE.match(word) if language == "fr" and word.isascii() else None
    if participle is not None:
        accented = stem(f"{participle.group(1)}é{participle.group(2)}")
        if accented not in found:
            found.append(accented)
    return tuple(found)


def analyse(text: str, language: str) -> str:
    """Return the stems of ``text`` without stop words, as the index stores them."""
    return " ".join(stems for piece in text.split() if (stems := _analyse_piece(piece, language)))


def analyse_french(text: str) -> str:
    """Return the French stems of ``text`` without stop words, as the index stores them."""
    return analyse(text, "fr")


@lru_cache(maxsize=200_000)
def _analyse_piece(piece: str, language: str) -> str:
    # Words never span white space: a text is analysed piece by piece, and its pieces
    # repeat, so most of a document is read from this cache.
    stem = STEMMERS[language]
    return " ".join(stem(word) for word in tokens(piece) if not is_stop_word(word, language))


@dataclass(frozen=True)
class ParsedQuery:
    """What a person typed, reduced to words and phrases of words in lower case."""

    text: str
    loose: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    def loose_for(self, language: str) -> list[str]:
        """Return the loose words that count in ``language`` (its stop words dropped)."""
        return [word for word in self.loose if not is_stop_word(word, language)]

    def is_empty_for(self, language: str) -> bool:
        return not self.loose_for(language) and not self.phrases

    @property
    def is_empty(self) -> bool:
        return all(self.is_empty_for(language) for language in SEARCH_LANGUAGES)

    def highlight_stems(self, language: str) -> frozenset[str]:
        """Return the stems whose words a snippet in ``language`` highlights."""
        found = {stem for word in self.loose_for(language) for stem in query_stems(word, language)}
        stem = STEMMERS[language]
        for phrase in self.phrases:
            found.update(stem(word) for word in phrase if not is_stop_word(word, language))
        return frozenset(found)


def parse_query(text: str) -> ParsedQuery:
    """Split ``text`` into loose words and quoted phrases; anything else is dropped."""
    text = (text or "")[:MAX_QUERY_CHARS]
    loose = tokens(_PHRASE.sub(" ", text))
    phrases: list[tuple[str, ...]] = []
    for match in _PHRASE.finditer(text):
        phrase = tuple(tokens(next(group for group in match.groups() if group is not None)))
        if len(phrase) > 1:
            phrases.append(phrase[:MAX_TERMS])
        else:
            loose.extend(phrase)
    return ParsedQuery(
        text=text, loose=tuple(dict.fromkeys(loose))[:MAX_TERMS], phrases=tuple(phrases[:4])
    )
