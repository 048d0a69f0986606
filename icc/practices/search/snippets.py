"""Cut and highlight the snippet of a result, the same on both databases."""

import html
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

from django.utils.safestring import SafeString, mark_safe

from icc.core.markup import plain_text
from icc.practices.models import PracticeTranslation
from icc.practices.search.analysis import STEMMERS, ParsedQuery, fold, stem_english

SNIPPET_WORDS = 30
SNIPPET_SOURCE_CHARS = 3000
WORDS_BEFORE_MATCH = 8
# Far more than the words of a snippet after its match, even with markup among them.
_TEXT_AFTER_MATCH = 1000

_WORD = re.compile(r"\w+")
# Each letter with its accented forms, to find in the text itself (without folding it
# first) the words that may match; only those are stemmed.
_ACCENTED: dict[str, str] = {}
for _code in range(0xC0, 0x250):
    _base = fold(chr(_code))
    if len(_base) == 1 and _base.isascii() and _base.isalpha():
        _ACCENTED[_base] = _ACCENTED.get(_base, _base) + chr(_code)


def _pattern(prefix: str) -> str:
    return "".join(
        f"[{_ACCENTED[char]}]" if char in _ACCENTED else re.escape(char) for char in prefix
    )


class SnippetSource(Protocol):
    """A text with a language and the fields of ``PracticeTranslation.TEXT_FIELDS``."""

    @property
    def language(self) -> str: ...


def snippet(text: SnippetSource, query: ParsedQuery) -> SafeString:
    """Return about thirty words of the text around the first match, matches in <mark>.

    Everything is escaped here; only the <mark> tags added are markup.
    """
    # Only the start of a long text is read: cleaning the markup of it all is what costs.
    source = "\n".join(
        getattr(text, name)[:SNIPPET_SOURCE_CHARS]
        for name in PracticeTranslation.TEXT_FIELDS
        if name != "title"
    )
    source = source[:SNIPPET_SOURCE_CHARS]
    stems = query.highlight_stems(text.language) if text.language in STEMMERS else frozenset()
    stem = STEMMERS.get(text.language, stem_english)
    # Stemming every word is slow; only words sharing a stem's first letters can match.
    prefixes = {term[:3] for term in stems}

    def matches(word: str) -> bool:
        folded = word.lower() if word.isascii() else fold(word)
        # Stemmed as the index stems it: before folding, accents kept.
        return folded[:3] in prefixes and stem(word.lower()) in stems

    # Cleaning the markup is what costs: only the text up to well past the first match
    # in the Markdown is cleaned (a match in a link's address is gone once cleaned).
    found = _first_match(source, prefixes, matches) if stems else None
    body = " ".join(plain_text(source[: (found or 0) + _TEXT_AFTER_MATCH]).split())
    first = _first_match(body, prefixes, matches) if found is not None else None
    if found is not None and first is None:
        body = " ".join(plain_text(source).split())
        first = _first_match(body, prefixes, matches)
    start, skipped = 0, False
    if first is not None:
        # Up to eight words before the match, read backwards from it.
        before: list[re.Match[str]] = []
        for word in _WORD.finditer(body[:first][::-1]):
            if len(before) == WORDS_BEFORE_MATCH:
                skipped = True
                break
            before.append(word)
        start = first - before[-1].end() if before else first
    chosen = []
    for word in _WORD.finditer(body, start):
        chosen.append(word.span())
        if len(chosen) > SNIPPET_WORDS:
            break
    goes_on = len(chosen) > SNIPPET_WORDS
    chosen = chosen[:SNIPPET_WORDS]
    if not chosen:
        return mark_safe("")
    window = body[chosen[0][0] : chosen[-1][1]]
    # The matches are marked, and the text between them escaped, in a few pieces.
    pieces, done = [], 0
    for found_word in _candidates(prefixes).finditer(window) if stems else ():
        if matches(found_word.group()):
            pieces.append(html.escape(window[done : found_word.start()]))
            pieces.append(f"<mark>{html.escape(found_word.group())}</mark>")
            done = found_word.end()
    pieces.append(html.escape(window[done:]))
    prefix = "… " if skipped else ""
    suffix = " …" if goes_on else ""
    return mark_safe(prefix + "".join(pieces) + suffix)


def _first_match(body: str, prefixes: set[str], matches: Callable[[str], bool]) -> int | None:
    """Return where the first word of ``body`` that ``matches`` starts, if any."""
    for candidate in _candidates(prefixes).finditer(body):
        if matches(candidate.group()):
            return candidate.start()
    return None


def _candidates(prefixes: set[str]) -> re.Pattern[str]:
    """Return a pattern finding the words that start like one of ``prefixes``, accents aside."""
    return _compile(tuple(sorted(prefixes, key=lambda prefix: (-len(prefix), prefix))))


@lru_cache(maxsize=256)
def _compile(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(_pattern(prefix) for prefix in prefixes)
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)
