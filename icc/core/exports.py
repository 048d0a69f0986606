"""Spreadsheet exports that stay data: no cell a spreadsheet would run as a formula.

Every CSV and XLSX the platform writes goes through this module. A text cell that
starts like a formula (``=``, ``+``, ``-``, ``@``, a tab or a carriage return, or the
full-width forms that spreadsheets fold to them) is written as text: in CSV with a
leading apostrophe, in XLSX as a string cell with the "quote prefix" style, which is
what a spreadsheet stores when a person types the apostrophe. Numbers stay numbers.
"""

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

# Characters that make a spreadsheet read a cell as a formula or a command (OWASP's list,
# with the full-width equals, plus, minus and at sign that spreadsheets also accept).
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def is_formula_like(value: object) -> bool:
    """Return whether a spreadsheet could read ``value`` as a formula rather than as data."""
    if not isinstance(value, str):
        return False
    text = value.lstrip(" ")
    return bool(text) and text[0] in FORMULA_STARTS and not _PLAIN_NUMBER.fullmatch(text)


def neutralise(value: Any) -> Any:
    """Return a cell value safe to open in a spreadsheet: formula-like text gets an apostrophe."""
    if is_formula_like(value):
        return "'" + value
    return value


class CsvWriter:
    """Write CSV rows whose text cells are neutralised; numbers are written as they are."""

    def __init__(self, stream: _Writable, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        """Write one row."""
        self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        """Write several rows."""
        for row in rows:
            self.writerow(row)


class CsvDictWriter:
    """Write CSV records, like ``csv.DictWriter``, with their text cells neutralised."""

    def __init__(self, stream: _Writable, fieldnames: Sequence[str], **options: Any) -> None:
        self._writer = csv.DictWriter(stream, fieldnames=fieldnames, **options)

    def writeheader(self) -> None:
        """Write the row of field names."""
        self._writer.writeheader()

    def writerow(self, record: Mapping[str, Any]) -> None:
        """Write one record."""
        self._writer.writerow({key: neutralise(value) for key, value in record.items()})


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """Return ``values`` ready for ``sheet.append`` of a write-only openpyxl sheet.

    openpyxl stores any text starting with ``=`` as a formula; formula-like text
    becomes a string cell marked with the quote prefix, shown exactly as written.
    """
    from openpyxl.cell import WriteOnlyCell

    row: list[Any] = []
    for value in values:
        if is_formula_like(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cell.quotePrefix = True
            row.append(cell)
        else:
            row.append(value)
    return row
