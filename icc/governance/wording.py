"""Compare two wordings word by word, for the side-by-side view of an amendment (no ORM)."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# A word with what follows it up to the next word, so that spaces and line ends survive.
_TOKENS = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Piece:
    """A run of text on one side: ``kind`` is "same", "removed" or "added"."""

    kind: str
    text: str


def word_diff(old: str, new: str) -> tuple[list[Piece], list[Piece]]:
    """Return the pieces of ``old`` (same or removed) and of ``new`` (same or added)."""
    before = _TOKENS.findall(old or "")
    after = _TOKENS.findall(new or "")
    # Compare words without their trailing spaces: a re-wrapped line is not a change.
    matcher = SequenceMatcher(
        None, [t.strip() for t in before], [t.strip() for t in after], autojunk=False
    )
    left: list[Piece] = []
    right: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            left.append(Piece("same", "".join(before[i1:i2])))
            right.append(Piece("same", "".join(after[j1:j2])))
            continue
        if i2 > i1:
            left.append(Piece("removed", "".join(before[i1:i2])))
        if j2 > j1:
            right.append(Piece("added", "".join(after[j1:j2])))
    return left, right
