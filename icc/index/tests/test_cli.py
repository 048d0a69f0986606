"""``icc index score`` and ``icc index check``, run as a user runs them, on files."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

from icc.cli import main

ANSWERS = """member,question,answer
lyon,commitment.statement,yes
lyon,commitment.strategy,funded
lyon,commitment.communication,speeches|website
lyon,international.policy,no
lyon,international.budget,yes
lyon,intelligence.trained_staff,45
oslo,commitment.statement,no
oslo,education.homogeneous_schools,12.5
oslo,governance.foreign_share,
"""


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def rows_of(text: str) -> dict[tuple[str, str, str], dict[str, str]]:
    return {(r["member"], r["level"], r["id"]): r for r in csv.DictReader(io.StringIO(text))}


def test_score_writes_every_members_scores_per_question_area_composite_and_overall(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = write(tmp_path, "answers.csv", ANSWERS)

    status = main(["index", "score", "--edition", "v1", "--answers", str(answers)])

    output = capsys.readouterr().out
    rows = rows_of(output)
    assert status == 0
    assert (
        output.splitlines()[0] == "member,level,id,status,score,raw,raw_max,weighted,weighted_max"
    )
    assert len(rows) == 2 * (1 + 1 + 14 + 63)
    assert rows[("lyon", "question", "commitment.communication")] == {
        "member": "lyon",
        "level": "question",
        "id": "commitment.communication",
        "status": "answered",
        "score": "66.67",
        "raw": "2.00",
        "raw_max": "3.00",
        "weighted": "0.67",
        "weighted_max": "1.00",
    }
    assert rows[("lyon", "question", "international.budget")]["status"] == "not_applicable"
    assert rows[("lyon", "question", "international.budget")]["score"] == ""
    # commitment: statement 2×1, strategy 2×1, communication 1×2/3, three others 0, of 8 → 58.33
    assert rows[("lyon", "area", "commitment")]["score"] == "58.33"
    # overall: (2 × 58.333… + 13.333…) / 15 = 8.67, trained staff 45 % being 2 of 3 points
    assert rows[("lyon", "overall", "overall")]["score"] == "8.67"
    # education: 12.5 % falls in the band worth 1 of 2 points; weights 1 + 1 + 1 + 1 + 2 = 6
    assert rows[("oslo", "area", "education")]["score"] == "8.33"
    assert rows[("oslo", "question", "governance.foreign_share")]["status"] == "not_scored"


def test_score_writes_json_with_the_contributions_to_the_overall_score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = write(tmp_path, "answers.csv", ANSWERS)
    output = tmp_path / "scores.json"

    status = main(
        [
            "index",
            "score",
            "--edition",
            "v1",
            "--answers",
            str(answers),
            "--format",
            "json",
            "--output",
            str(output),
        ]
    )

    document = json.loads(output.read_text(encoding="utf-8"))
    lyon = document["members"][0]
    assert status == 0
    assert capsys.readouterr().out == ""
    assert document["edition"] == "v1"
    assert [m["member"] for m in document["members"]] == ["lyon", "oslo"]
    assert lyon["overall"]["score"] == 8.67
    assert lyon["overall"]["contributions"]["commitment"] == 7.78
    assert lyon["composites"]["lens"]["score"] == 0.0
    assert lyon["areas"]["commitment"] == {
        "status": "scored",
        "score": 58.33,
        "raw": 6.0,
        "raw_max": 11.0,
        "weighted": 4.67,
        "weighted_max": 8.0,
    }
    assert lyon["questions"]["international.budget"]["score"] is None


def test_members_file_gives_the_order_and_the_attributes_rules_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members = write(
        tmp_path,
        "members.csv",
        "member,country,population_band\nbotkyrka,SE,under-100k\nlyon,FR,over-200k\n",
    )
    answers = write(
        tmp_path, "answers.csv", "member,question,answer\nlyon,commitment.statement,yes\n"
    )

    status = main(
        [
            "index",
            "score",
            "--edition",
            "2019",
            "--answers",
            str(answers),
            "--members",
            str(members),
        ]
    )

    rows = rows_of(capsys.readouterr().out)
    assert status == 0
    assert [key[0] for key in rows][:1] == ["botkyrka"]
    assert (
        rows[("botkyrka", "question", "neighbourhoods.district_plans")]["status"]
        == "not_applicable"
    )
    assert (
        rows[("lyon", "question", "neighbourhoods.district_plans")]["status"] == "unanswered_zero"
    )
    assert rows[("botkyrka", "overall", "overall")]["score"] == "0.00"


def test_bad_answers_are_reported_by_row_and_column_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members = write(tmp_path, "members.csv", "member\nlyon\noslo\n")
    answers = write(
        tmp_path,
        "answers.csv",
        "member,question,answer\n"
        "lyon,commitment.statement,maybe\n"
        "lyon,commitment.nothing,yes\n"
        "paris,commitment.statement,yes\n"
        "oslo,intelligence.trained_staff,12%\n"
        "oslo,intelligence.trained_staff,12\n"
        "oslo,education.homogeneous_schools,140\n"
        "oslo,commitment.communication,website|nowhere\n"
        "oslo,commitment.statement\n",
    )
    output = tmp_path / "scores.csv"

    status = main(
        [
            "index",
            "score",
            "--edition",
            "v1",
            "--answers",
            str(answers),
            "--members",
            str(members),
            "--output",
            str(output),
        ]
    )

    assert status == 2
    assert not output.exists()
    assert capsys.readouterr().err.splitlines() == [
        f"{answers}, row 2, column answer: 'maybe' is not an option of question "
        "commitment.statement (yes, no)",
        f"{answers}, row 3, column question: edition v1 has no question 'commitment.nothing'",
        f"{answers}, row 4, column member: 'paris' is not in the members file",
        f"{answers}, row 5, column answer: '12%' is not a number "
        "(write 1234.5: a point, no spaces)",
        f"{answers}, row 6, column question: 'oslo' already answered "
        "'intelligence.trained_staff' in row 5",
        f"{answers}, row 7, column answer: 140 is not a percentage between 0 and 100",
        f"{answers}, row 8, column answer: nowhere: not option(s) of question "
        "commitment.communication (speeches, website, reports, campaigns)",
        f"{answers}, row 9: the row has 2 cells, the header has 3",
    ]


def test_missing_and_unknown_columns_are_reported_on_row_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = write(
        tmp_path, "answers.csv", "member,question,value\nlyon,commitment.statement,yes\n"
    )

    status = main(["index", "score", "--edition", "v1", "--answers", str(answers)])

    assert status == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{answers}, row 1: the column 'answer' is missing",
        f"{answers}, row 1, column value: unknown column "
        "(the columns are member, question, answer)",
    ]


def test_bad_members_are_reported_by_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members = write(tmp_path, "members.csv", "member,Country\nlyon,FR\n,NO\nlyon,FR\n")
    answers = write(tmp_path, "answers.csv", "member,question,answer\n")

    status = main(
        [
            "index",
            "score",
            "--edition",
            "2019",
            "--answers",
            str(answers),
            "--members",
            str(members),
        ]
    )

    assert status == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{members}, row 1, column Country: an attribute name is written in lower-case letters, "
        "digits and '_'",
        f"{members}, row 1: the edition reads the attribute 'population_band': "
        "add a column 'population_band'",
        f"{members}, row 3, column member: the member id is empty",
        f"{members}, row 4, column member: member 'lyon' is already listed in row 2",
    ]


def test_an_edition_that_reads_member_attributes_needs_a_members_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = write(tmp_path, "answers.csv", ANSWERS)

    status = main(["index", "score", "--edition", "2019", "--answers", str(answers)])

    assert status == 2
    assert capsys.readouterr().err == (
        "edition 2019 reads the member attribute(s) population_band: "
        "give them in a members file with --members\n"
    )


def test_a_bad_edition_file_is_reported_with_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edition = write(tmp_path, "edition.json", '{"format": "icc-index-edition/1", "id": "x"}')
    answers = write(tmp_path, "answers.csv", ANSWERS)

    status = main(["index", "score", "--edition", str(edition), "--answers", str(answers)])

    assert status == 2
    assert capsys.readouterr().err.splitlines() == [
        f'{edition}: $: "title" is missing',
        f'{edition}: $: "areas" is missing',
        f'{edition}: $: "overall" is missing',
    ]


def test_missing_files_are_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["index", "score", "--edition", "v1", "--answers", str(tmp_path / "none.csv")])

    assert status == 2
    assert capsys.readouterr().err == f"{tmp_path / 'none.csv'}: no such file\n"


def test_check_confirms_a_correct_edition_and_its_mapping(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(["index", "check", "2019", "--earlier", "v1"])

    assert status == 0
    assert capsys.readouterr().out == "2019: 17 areas, 1 composite(s), 72 questions: correct.\n"


def test_the_command_runs_without_the_web_application(tmp_path: Path) -> None:
    answers = write(tmp_path, "answers.csv", ANSWERS)

    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "icc.cli",
            "index",
            "score",
            "--edition",
            "v1",
            "--answers",
            str(answers),
            "--format",
            "json",
        ],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[3],
    )

    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["members"][1]["member"] == "oslo"


def test_the_csv_example_in_the_format_documentation_is_what_the_command_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (Path(__file__).resolve().parents[3] / "docs" / "index-format.md").read_text("utf-8")
    answers_part = page.split("### Answers (`--answers`)")[1].split("```csv\n")[1].split("```")[0]
    results_part = page.split("### Results, as CSV")[1].split("```csv\n")[1].split("```")[0]
    answers = write(tmp_path, "answers.csv", answers_part)

    status = main(["index", "score", "--edition", "v1", "--answers", str(answers)])

    written = capsys.readouterr().out.splitlines()
    assert status == 0
    assert answers_part == ANSWERS
    assert set(results_part.splitlines()) <= set(written)


def test_an_output_file_that_cannot_be_written_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = write(tmp_path, "answers.csv", ANSWERS)
    output = tmp_path / "missing" / "scores.csv"

    status = main(
        ["index", "score", "--edition", "v1", "--answers", str(answers), "--output", str(output)]
    )

    assert status == 2
    assert capsys.readouterr().err == (
        f"{output}: cannot write the results (No such file or directory)\n"
    )


BAD_EDITION = '{"format": "icc-index-edition/1", "id": "Bad", "areas": []}'


def english_problems(path: Path) -> list[str]:
    return [
        f'{path}: $: "title" is missing',
        f'{path}: $: "overall" is missing',
        f"{path}: $.id: \"Bad\" is not an identifier (lower-case letters, digits, '.', '_' "
        "or '-', starting with a letter or a digit, at most 64 characters)",
        f"{path}: $.areas: needs at least 1 item",
    ]


def test_problems_are_written_in_english_without_the_web_application(tmp_path: Path) -> None:
    edition = write(tmp_path, "bad.json", BAD_EDITION)

    completed = subprocess.run(
        [sys.executable, "-m", "icc.cli", "index", "check", str(edition)],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[3],
    )

    assert completed.returncode == 2
    assert completed.stderr.splitlines() == english_problems(edition)


def test_problems_are_written_in_english_whatever_language_is_active(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edition = write(tmp_path, "bad.json", BAD_EDITION)

    with translation.override("fr"):
        status = main(["index", "check", str(edition)])

    assert status == 2
    assert capsys.readouterr().err.splitlines() == english_problems(edition)
