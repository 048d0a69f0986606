"""The problems found in an edition file or in a CSV of answers read in French under /fr/.

The checkers keep each message marked for translation with the values it quotes; the
pages render it in the reader's language, and every message has a French entry.
"""

import ast
import html
import json
from pathlib import Path

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from icc.index.method.loader import SCHEMA_PATH, SCHEMA_TITLES, edition_schema
from icc.index.method.reasons import Reason, reason
from icc.index.models import Answer, Edition
from icc.index.tests.documents import area, choice, edition, yes_no
from icc.index.tests.factories import shipped_round

INDEX = Path(__file__).resolve().parents[1]
CATALOGUE = INDEX.parents[1] / "locale" / "fr" / "LC_MESSAGES" / "django.po"
# The modules whose problems are shown on the edition and import pages.
CHECKERS = (
    "method/schema.py",
    "method/checks.py",
    "method/loader.py",
    "method/parts.py",
    "method/tables.py",
    "method/reasons.py",
    "services/editions.py",
    "services/imports.py",
)
MARKERS = {"_", "gettext_lazy", "ngettext_lazy", "pgettext_lazy"}
NBSP = "\u00a0"


def french(name: str, *args: object) -> str:
    with translation.override("fr"):
        return reverse(name, args=args)


def page_text(page) -> str:
    return html.unescape(page.content.decode())


def broken_edition() -> dict:
    data = edition(
        area(
            "welcome",
            yes_no("welcome.office", weight="heavy"),
            choice("welcome.plan", 0, 1, 2),
        ),
        id="pilot",
    )
    data["areas"][0]["questions"][1]["options"][0]["id"] = "o1"  # used twice
    data["overall"]["parts"].append({"part": "nowhere"})
    data["colour"] = "blue"
    return data


@pytest.mark.django_db
def test_the_problems_of_an_edition_file_read_in_french(secretariat) -> None:
    upload = SimpleUploadedFile("pilot.json", json.dumps(broken_edition()).encode())

    page = secretariat.client().post(french("index:edition-list"), {"file": upload})

    text = page_text(page)
    assert page.status_code == 200 and not Edition.objects.exists()
    assert f'propriété inconnue "colour" (propriétés connues{NBSP}: format, id,' in text
    assert "l’identifiant d’option 'o1' est utilisé deux fois dans cette question" in text
    assert "aucun domaine ni domaine composite n’a l’identifiant 'nowhere'" in text
    assert (
        f"doit correspondre à l’une de ces possibilités{NBSP}: un nombre supérieur à zéro"
        f"{NBSP}; des pondérations selon un attribut du membre" in text
    )
    # The places and the values quoted from the file stay as written.
    assert "$.areas[0].questions[0].weight" in text and "$.colour" in text
    assert "unknown property" not in text and "is used twice" not in text


@pytest.mark.django_db
def test_a_syntax_error_in_an_edition_file_reads_in_french(secretariat) -> None:
    upload = SimpleUploadedFile("pilot.yaml", b"id: pilot\nareas: [\n")

    page = secretariat.client().post(
        french("index:edition-list"), {"file": upload, "action": "check"}
    )

    assert f"YAML non valide{NBSP}:" in page_text(page)
    assert "(ligne 3, colonne 1)" in page_text(page)


@pytest.mark.django_db
def test_the_problems_of_a_csv_of_answers_read_in_french(secretariat, lyon) -> None:
    index_round = shipped_round("2019", label="2026", opened_by=secretariat.user)
    url = french("index:round-detail", index_round.pk)
    client = secretariat.client()
    bad_header = SimpleUploadedFile("lyon.csv", b"question,value\nx,y\n")
    bad_rows = SimpleUploadedFile(
        "lyon.csv",
        (
            b"question,answer,links\n"
            b"language.mother_tongues,maybe,\n"
            b"language.nothing,yes,\n"
            b"language.adapted_courses,home|unicorns,\n"
            b"intelligence.trained_staff,lots,\n"
            b"language.mother_tongues,no,\n"
            b"language.positive_image,yes,ftp://x\n"
        ),
    )

    header_page = page_text(client.post(url, {"city": lyon.pk, "file": bad_header}))
    rows_page = page_text(client.post(url, {"city": lyon.pk, "file": bad_rows}))

    assert "cette colonne manque" in header_page
    assert (
        f"colonne inconnue (colonnes connues{NBSP}: question, answer, evidence, links)"
        in header_page
    )
    assert "'maybe' n’est pas une option de réponse de la question language.mother_tongues" in (
        rows_page
    )
    assert "l’édition 2019 n’a pas de question 'language.nothing'" in rows_page
    assert f"unicorns{NBSP}: hors des options de réponse de la question" in rows_page
    assert "'lots' n’est pas un nombre" in rows_page
    assert "cette question a déjà une réponse à la ligne 2" in rows_page
    assert "ftp://x n’est pas une adresse web" in rows_page
    assert "unknown column" not in header_page and "is not an option" not in rows_page
    assert not Answer.objects.exists()


def marked_messages() -> list[tuple[str | None, str, str | None]]:
    """Return (context, message, plural) for every message the checkers mark."""
    found: list[tuple[str | None, str, str | None]] = []
    for name in CHECKERS:
        tree = ast.parse((INDEX / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS
            ):
                continue
            texts = [
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ]
            if node.func.id == "pgettext_lazy":
                found.append((texts[0], texts[1], None))
            elif node.func.id == "ngettext_lazy":
                found.append((None, texts[0], texts[1]))
            elif texts:
                found.append((None, texts[0], None))
    return found


def test_every_message_of_the_checkers_has_a_french_translation() -> None:
    catalogue = {
        (entry.msgctxt, entry.msgid, entry.msgid_plural or None): entry
        for entry in polib.pofile(str(CATALOGUE))
    }
    messages = marked_messages()

    missing = [
        message
        for message in messages
        if message not in catalogue
        or not (catalogue[message].msgstr or all(catalogue[message].msgstr_plural.values()))
        or "fuzzy" in catalogue[message].flags
    ]
    # One message names the JSON value null, which French writes the same way.
    unchanged = []
    with translation.override("fr"):
        for context, message, plural in messages:
            if plural is not None:
                rendered = translation.ngettext(message, plural, 2)
                english = plural
            elif context is not None:
                rendered, english = translation.pgettext(context, message), message
            else:
                rendered, english = translation.gettext(message), message
            if rendered == english and message != "null":
                unchanged.append(message)

    assert len(messages) > 90
    assert not missing, f"Messages without a French entry: {missing}"
    assert not unchanged, f"Messages that read in English under French: {unchanged}"


def test_every_title_of_the_edition_schema_is_marked_for_translation() -> None:
    document = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    titles: set[str] = set()

    def collect(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("title"), str):
                titles.add(node["title"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(document)

    assert titles == {str(title) for title in SCHEMA_TITLES}
    assert edition_schema().document == document


def test_a_reason_renders_in_the_language_active_when_it_is_read() -> None:
    (failure,) = edition_schema().check([])
    message = reason(translation.gettext_lazy("%(name)s is missing"), name='"id"')

    with translation.override("fr"):
        in_french = str(failure.reason), str(message)
    with translation.override("en"):
        in_english = str(failure.reason), str(message)

    assert in_french == (
        "doit être une édition du questionnaire de l’Index des Cités interculturelles",
        'il manque "id"',
    )
    assert in_english == (
        "must be One edition of the Intercultural Cities Index questionnaire",
        '"id" is missing',
    )


def test_a_reason_refuses_a_message_not_marked_for_translation() -> None:
    with pytest.raises(TypeError, match="mark the message"):
        Reason("%(name)s is missing", {"name": "id"})  # type: ignore[arg-type]


def test_the_french_reason_quoted_in_the_format_documentation_is_what_the_checker_says() -> None:
    page = (INDEX.parents[1] / "docs" / "index-format.md").read_text(encoding="utf-8")
    quoted = page.split("the first one above reads\n«")[1].split("»")[0].strip(NBSP)
    data = edition(area("welcome", yes_no("welcome.office", weight=0)))

    (failure,) = edition_schema().check(data)
    with translation.override("fr"):
        said = str(failure.reason)

    assert str(failure.reason) == "must be more than 0" and ": must be more than 0\n" in page
    assert said == quoted == "doit être strictement supérieur à 0"
