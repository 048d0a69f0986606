"""Say why an input is wrong, in the language of whoever reads it.

The checkers of edition files and CSV tables are pure: they run without a request
and, on the command line, without the web application, so they cannot know the
reader's language when they find a problem. Each problem keeps its English message,
marked with ``gettext_lazy`` (or ``ngettext_lazy`` naming its count), and the values
it quotes from the file; ``str()`` renders it in the language active when it is
shown, as Django's own validators do with ``ValidationError(message, params=...)``.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# Joins the alternatives given to a message as a tuple (French puts a no-break space
# before the semicolon).
ALTERNATIVES_SEPARATOR = pgettext_lazy("between alternatives in a list", "; ")


@dataclass(frozen=True)
class Reason:
    """Why a value is wrong: a message marked for translation and its named values.

    A value that is a tuple holds alternatives: each is rendered (it may be a lazy
    text or another ``Reason``) and they are joined by the translated separator.
    Values quoted from the file (ids, column names, JSON paths) are kept as they are.
    """

    message: "StrPromise"
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A plain string would never reach the catalogue and would stay English.
        if not isinstance(self.message, Promise):
            raise TypeError(f"mark the message with gettext_lazy: {self.message!r}")

    def __str__(self) -> str:
        values = {
            name: str(ALTERNATIVES_SEPARATOR).join(str(item) for item in value)
            if isinstance(value, tuple)
            else value
            for name, value in self.params.items()
        }
        return self.message % values


def reason(message: "StrPromise", /, **params: Any) -> Reason:
    """Return the reason ``message`` with its named values ``params``."""
    return Reason(message, params)
