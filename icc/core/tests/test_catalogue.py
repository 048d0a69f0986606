"""The French catalogue is complete and its compiled form matches its source."""

from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[3] / "locale" / "fr" / "LC_MESSAGES"


def test_french_catalogue_has_no_empty_or_fuzzy_entry() -> None:
    po = polib.pofile(str(CATALOGUE / "django.po"))
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    empty = [entry.msgid for entry in po.untranslated_entries()]
    assert not fuzzy, f"Fuzzy French entries: {fuzzy}"
    assert not empty, f"Untranslated French entries: {empty}"
    assert "fuzzy" not in ((po.metadata_is_fuzzy and "fuzzy") or "")


def test_compiled_catalogue_matches_its_source() -> None:
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))

    def entries(catalogue: polib._BaseFile) -> set[tuple]:
        return {
            (e.msgctxt, e.msgid, e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in catalogue
            if not e.obsolete and e.msgid
        }

    assert entries(po) == entries(mo), "Run `make messages` to compile the catalogue."


def test_translation_functions_keep_the_names_makemessages_finds() -> None:
    # xgettext only extracts the names it knows (`_`, `gettext`, `gettext_lazy`, …):
    # a string marked with another alias never reaches the catalogue and stays English.
    source = Path(__file__).resolve().parents[2]
    renamed = [
        f"{path.relative_to(source.parent)}: {line.strip()}"
        for path in sorted(source.rglob("*.py"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("from django.utils.translation import")
        and " as " in line
        and not line.rstrip().endswith(" as _")
    ]
    assert not renamed, f"Import translation functions as `_` or by their own name: {renamed}"
