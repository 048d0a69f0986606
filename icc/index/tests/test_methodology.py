"""The edition format: the shipped editions, and files that must be refused with every reason."""

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from icc.index.method.loader import (
    EDITIONS_DIR,
    EditionError,
    edition_from_data,
    edition_schema,
    load_edition,
    load_shipped_edition,
)
from icc.index.method.parts import DataKind, QuestionKind, Unanswered
from icc.index.tests.documents import area, choice, edition, option, part, question, text, yes_no

V1_INDICATORS = [
    "commitment",
    "education",
    "neighbourhoods",
    "public_services",
    "business",
    "cultural_civil",
    "public_space",
    "mediation",
    "language",
    "media",
    "international",
    "intelligence",
    "welcoming",
    "governance",
]
LENS = [
    "education",
    "neighbourhoods",
    "public_services",
    "business",
    "cultural_civil",
    "public_space",
]


def problems(data: Any, **kwargs: Any) -> list[tuple[str, str]]:
    """Return (path, reason) for every problem the loader finds in ``data``."""
    with pytest.raises(EditionError) as caught:
        edition_from_data(data, **kwargs)
    return [(error.path, str(error.reason)) for error in caught.value.errors]


def texts(node: Any, path: str = "$") -> list[tuple[str, Any]]:
    """Return every bilingual text in a document, with its path."""
    found = []
    if isinstance(node, dict):
        if {"en", "fr"} & set(node):
            found.append((path, node))
        for key, value in node.items():
            found += texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += texts(value, f"{path}[{index}]")
    return found


def test_v1_has_the_fourteen_indicators_and_the_lens_of_six() -> None:
    v1 = load_shipped_edition("v1")

    assert [a.id for a in v1.areas] == V1_INDICATORS
    assert [p.ref for p in v1.composite("lens").parts] == LENS
    assert [p.ref for p in v1.overall] == V1_INDICATORS


def test_2019_has_ten_core_areas_with_the_lens_as_one_and_two_optional_areas() -> None:
    e2019 = load_shipped_edition("2019")
    core = [
        p.ref for p in e2019.overall if not (p.ref in [*LENS, "lens"] or _optional(e2019, p.ref))
    ]

    assert len(core) + 1 == 10
    assert "lens" in [p.ref for p in e2019.overall]
    assert [a.id for a in e2019.areas if a.is_optional] == ["participation", "interaction"]
    assert e2019.optional_areas_counted is False


def _optional(edition: Any, ref: str) -> bool:
    return any(a.id == ref and a.is_optional for a in edition.areas)


@pytest.mark.parametrize("edition_id", ["v1", "2019"])
def test_every_area_of_a_shipped_edition_has_at_least_four_scored_questions(
    edition_id: str,
) -> None:
    shipped = load_shipped_edition(edition_id)

    for shipped_area in shipped.areas:
        assert sum(q.is_scored for q in shipped_area.questions) >= 4, shipped_area.id


@pytest.mark.parametrize("edition_id", ["v1", "2019"])
def test_every_text_of_a_shipped_edition_is_in_english_and_french(edition_id: str) -> None:
    data = json.loads((EDITIONS_DIR / f"{edition_id}.json").read_text(encoding="utf-8"))

    for path, value in texts(data):
        assert value["en"].strip() and value["fr"].strip(), path
        assert value["en"] != value["fr"] or len(value["en"]) < 20, path


@pytest.mark.parametrize("edition_id", ["v1", "2019"])
def test_shipped_editions_say_their_weights_are_invented(edition_id: str) -> None:
    shipped = load_shipped_edition(edition_id)

    assert shipped.weights_note is not None
    assert "invented" in shipped.weights_note.en
    assert "inventé" in shipped.weights_note.fr


def test_shipped_editions_use_every_kind_of_question_and_of_data() -> None:
    questions = load_shipped_edition("v1").questions + load_shipped_edition("2019").questions

    assert {q.kind for q in questions} == set(QuestionKind) - {QuestionKind.FREE_TEXT}
    assert {q.data for q in questions} == set(DataKind)


def test_2019_questions_map_to_questions_of_v1() -> None:
    v1 = load_shipped_edition("v1")
    e2019 = load_shipped_edition("2019")
    v1_ids = {q.id for q in v1.questions}
    mapping = e2019.mapping_to_earlier()

    assert e2019.earlier_edition == "v1"
    assert len(mapping) >= 50
    assert all(set(earlier) <= v1_ids for earlier in mapping.values())
    assert mapping["leadership.local_vote"] == ("governance.local_vote",)
    assert e2019.area("leadership").earlier == ("governance",)


def test_a_mapping_to_a_question_the_earlier_edition_lacks_is_refused() -> None:
    v1 = load_shipped_edition("v1")
    data = json.loads((EDITIONS_DIR / "2019.json").read_text(encoding="utf-8"))
    data["areas"][0]["questions"][0]["earlier"] = ["commitment.nothing"]

    assert problems(data, earlier=v1) == [
        (
            "$.areas[0].questions[0].earlier[0]",
            "edition 'v1' has no question called 'commitment.nothing'",
        )
    ]


def test_a_mapping_without_an_earlier_edition_is_refused() -> None:
    data = edition(area("a", yes_no("q", earlier=["old"])))

    assert problems(data) == [
        (
            "$.areas[0].questions[0].earlier",
            'maps to an earlier edition, but the file names no "earlier_edition"',
        )
    ]


def test_the_loader_reads_every_setting_of_a_question() -> None:
    data = edition(
        area(
            "a",
            yes_no("trigger"),
            choice(
                "q",
                0,
                2,
                5,
                weight={"by": "type", "values": {"city": 2}, "default": 1},
                unanswered="excluded",
                help=text("An example."),
                not_applicable_when=[
                    {"members": {"country": ["NO", "IS"], "type": ["region"]}},
                    {"answer": {"question": "trigger", "in": ["no"]}},
                ],
            ),
        ),
        unanswered="zero",
    )

    loaded = edition_from_data(data).question("q")

    assert loaded.max_points == 5
    assert loaded.unanswered == Unanswered.EXCLUDED
    assert loaded.weight.for_attributes({"type": "city"}) == 2
    assert loaded.weight.for_attributes({"type": "town"}) == 1
    assert loaded.help is not None and loaded.help.in_language("fr") == "An example. (fr)"
    assert len(loaded.not_applicable_when) == 2


def test_decimal_numbers_are_read_exactly() -> None:
    path = EDITIONS_DIR / "v1.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["overall"]["parts"][0]["weight"] = 0.1
    as_float = edition_from_data(data)

    assert as_float.overall[0].weight.default == Fraction(1, 10)


def test_a_bad_file_is_refused_with_every_problem_and_its_place(tmp_path: Path) -> None:
    bad = edition(
        area(
            "a",
            question("q1", "yes_no", points={"yes": 0, "no": 0}, options=[]),
            question(
                "q1",
                "single_choice",
                data="inputs",
                weight={"by": "type", "values": {"x": -1}},
                options=[option("x", 0), option("x")],
                not_applicable_when=[
                    {"answer": {"question": "q9", "in": ["no"]}, "members": {"country": ["FR"]}},
                    {"answer": {"question": "q1", "in": ["yes"]}},
                ],
            ),
        ),
        area("b", question("q3", "free_text", weight=1), optional=True),
        overall=[part("a"), part("a"), part("zz", 0)],
        composites=[{"id": "c", "title": text("C"), "parts": [part("b")]}],
        id="Test",
        wieght=3,
    )
    bad["title"] = {"en": "Only English"}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")

    with pytest.raises(EditionError) as caught:
        load_edition(path)

    errors = caught.value.errors
    assert {error.file for error in errors} == {str(path)}
    found = {(error.path, str(error.reason).split(" (")[0].split(":")[0]) for error in errors}
    assert found == {
        ("$.id", '"Test" is not an identifier'),
        ("$.title", '"fr" is missing'),
        ("$.wieght", 'unknown property "wieght"'),
        ("$.areas[0].questions[0].options", "needs at least 2 items"),
        ("$.areas[0].questions[1].data", '"inputs" is not one of'),
        ("$.areas[0].questions[1].weight.values.x", "must be more than 0"),
        ("$.areas[0].questions[1].not_applicable_when[0]", "must be exactly one of"),
        ("$.overall.parts[2].weight", "must be more than 0"),
        (
            "$.areas[0].questions[1].id",
            "question id 'q1' is already used at $.areas[0].questions[0]",
        ),
        ("$.areas[0].questions[0].options", "a yes_no question cannot have 'options'"),
        ("$.areas[0].questions[0]", "the best answer earns no points"),
        ("$.areas[0].questions[1].options[1].id", "option id 'x' is used twice in this question"),
        ("$.areas[0].questions[1].options", "give points to every option or to none"),
        (
            "$.areas[0].questions[1].not_applicable_when[1].answer.question",
            "a question cannot depend on its own answer",
        ),
        ("$.areas[1]", "area 'b' is not counted in the overall score"),
        (
            "$.areas[0].questions[1].not_applicable_when[0].answer.question",
            "no question is called 'q9'",
        ),
        (
            "$.areas[1].questions[0].weight",
            "this question earns no points, so it cannot have a weight",
        ),
        (
            "$.composites[0].parts[0].part",
            "optional area 'b' may only be a part of the overall score",
        ),
        ("$.overall.parts[1].part", "'a' is listed twice"),
        ("$.overall.parts[2].part", "no area or composite is called 'zz'"),
    }


def test_invalid_json_is_refused_with_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "id": "x",\n  "title": }\n', encoding="utf-8")

    with pytest.raises(EditionError) as caught:
        load_edition(path)

    assert [str(error) for error in caught.value.errors] == [
        f"{path}: $: not valid JSON: Expecting value (line 3, column 12)"
    ]


def test_a_question_that_depends_on_its_own_answer_through_another_is_refused() -> None:
    data = edition(
        area(
            "a",
            yes_no("p", not_applicable_when=[{"answer": {"question": "q", "in": ["no"]}}]),
            yes_no("q", not_applicable_when=[{"answer": {"question": "p", "in": ["no"]}}]),
        )
    )

    assert problems(data) == [
        (
            "$.areas[0].questions[0].not_applicable_when",
            "question 'p' depends on its own answer through other questions",
        ),
        (
            "$.areas[0].questions[1].not_applicable_when",
            "question 'q' depends on its own answer through other questions",
        ),
    ]


def test_a_rule_on_a_numeric_answer_or_an_unknown_option_is_refused() -> None:
    data = edition(
        area(
            "a",
            question("n", "number", bands=[{"points": 1}]),
            yes_no("y"),
            yes_no("p", not_applicable_when=[{"answer": {"question": "n", "in": ["x"]}}]),
            yes_no("q", not_applicable_when=[{"answer": {"question": "y", "in": ["maybe"]}}]),
        )
    )

    assert problems(data) == [
        (
            "$.areas[0].questions[2].not_applicable_when[0].answer.question",
            "question 'n' is a number question; rules can only depend on choice and yes/no answers",
        ),
        (
            "$.areas[0].questions[3].not_applicable_when[0].answer.in[0]",
            "'maybe' is not an option of question 'y'",
        ),
    ]


def test_an_area_counted_twice_or_never_in_the_overall_score_is_refused() -> None:
    data = edition(
        area("a", yes_no("p")),
        area("b", yes_no("q")),
        area("c", yes_no("r")),
        composites=[{"id": "ab", "title": text("AB"), "parts": [part("a"), part("b")]}],
        overall=[part("ab"), part("a")],
    )

    assert problems(data) == [
        ("$.areas[0]", "area 'a' is counted 2 times in the overall score"),
        (
            "$.areas[2]",
            "area 'c' is not counted in the overall score "
            '(list it, or a composite holding it, in "overall")',
        ),
    ]


def test_a_composite_that_contains_itself_is_refused() -> None:
    data = edition(
        area("a", yes_no("p")),
        composites=[
            {"id": "x", "title": text("X"), "parts": [part("a"), part("y")]},
            {"id": "y", "title": text("Y"), "parts": [part("x")]},
        ],
        overall=[part("x")],
    )

    assert problems(data) == [
        ("$.composites[0].parts", "composite 'x' contains itself"),
        ("$.composites[1].parts", "composite 'y' contains itself"),
    ]


def test_overlapping_or_misplaced_bands_are_refused() -> None:
    data = edition(
        area(
            "a",
            question(
                "n",
                "number",
                bands=[
                    {"to": 10, "points": 0},
                    {"from": 5, "to": 20, "points": 1},
                    {"to": 30, "points": 2},
                    {"from": 40, "to": 40, "points": 3},
                ],
            ),
            question("p", "percentage", bands=[{"from": 0, "to": 150, "points": 1}]),
        )
    )

    assert problems(data) == [
        (
            "$.areas[0].questions[0].bands[1]",
            "bands must be in increasing order and must not overlap",
        ),
        ("$.areas[0].questions[0].bands[2]", 'only the first band may leave out "from"'),
        ("$.areas[0].questions[0].bands[3]", '"from" must be less than "to"'),
        ("$.areas[0].questions[1].bands[0]", "a percentage band must lie between 0 and 100"),
    ]


def test_a_multiple_choice_cap_above_the_options_total_is_refused() -> None:
    data = edition(
        area(
            "a",
            question(
                "m", "multiple_choice", options=[option("x", 1), option("y", 1)], max_points=3
            ),
        )
    )

    assert problems(data) == [
        (
            "$.areas[0].questions[0].max_points",
            "the options together are worth only 2; the cap cannot be higher",
        )
    ]


def test_the_schema_file_uses_only_keywords_the_checker_implements() -> None:
    schema = edition_schema()

    assert schema.document["properties"]["format"]["const"] == "icc-index-edition/1"


def test_the_index_modules_import_without_django_settings() -> None:
    # Django's translation functions mark the checkers' messages; nothing else of Django
    # (no settings, no ORM, no templates, no HTTP) is needed to import the engine. Of the
    # platform, only the pure export neutraliser is used: CSV from the command line is
    # opened in spreadsheets too.
    code = (
        "import sys; import icc.index.method.loader, icc.index.method.scoring, "
        "icc.index.method.tables, icc.index.method.cli; from django.conf import settings; "
        "assert not settings.configured, 'settings were configured'; "
        "loaded = sorted(name for name in sys.modules if name.split('.')[:2] in "
        "(['django', 'db'], ['django', 'template'], ['django', 'http'], ['icc', 'core']) "
        "and name not in ('icc.core', 'icc.core.exports')); "
        "assert not loaded, loaded"
    )
    env = {"PATH": "/usr/bin:/bin"}

    completed = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[3],
    )

    assert completed.returncode == 0, completed.stderr
