"""Codes people read aloud or type: verification codes of certificates, reference numbers.

One alphabet for every such code: capital letters and digits without the pairs that are
mistaken for each other (O and 0, I and 1), drawn with ``secrets``.
"""

import secrets

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_code(length: int = 12) -> str:
    """Return ``length`` characters of the alphabet, at random (12 give 60 bits)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
