"""The secretariat's CSV import of a whole city's answers."""

import pytest
from django.core.exceptions import PermissionDenied

from icc.index.method.tables import TableError
from icc.index.models import Answer, AnswerChange, Response
from icc.index.services.imports import import_answers_csv
from icc.index.tests.factories import shipped_round

pytestmark = pytest.mark.django_db

GOOD = """question,answer,evidence,links
language.mother_tongues,yes,Courses in 12 languages,https://lyon.example/langues
language.adapted_courses,home|parents,,
intelligence.trained_staff,42.5,,
"""


@pytest.fixture
def index_round():
    return shipped_round("2019")


def test_a_good_file_imports_every_answer(index_round, lyon, secretariat):
    report = import_answers_csv(index_round, lyon, GOOD, imported_by=secretariat.user)

    answers = {a.question_id: a for a in Answer.objects.filter(response=report.response)}
    assert report.answers_written == 3
    assert answers["language.mother_tongues"].value == "yes"
    assert answers["language.mother_tongues"].evidence_links == ["https://lyon.example/langues"]
    assert answers["language.adapted_courses"].value == ["home", "parents"]
    assert answers["intelligence.trained_staff"].value == "42.5"
    assert set(AnswerChange.objects.values_list("source", flat=True)) == {"import"}


def test_every_error_is_reported_by_row_and_column_and_nothing_is_imported(
    index_round, lyon, secretariat
):
    text = (
        "question,answer,links\n"
        "language.mother_tongues,yes,\n"
        "language.nothing,yes,\n"
        "language.adapted_courses,home|unicorns,\n"
        "intelligence.trained_staff,lots,\n"
        "language.mother_tongues,no,\n"
        "language.positive_image,yes,ftp://x\n"
    )
    with pytest.raises(TableError) as error:
        import_answers_csv(index_round, lyon, text, imported_by=secretariat.user)

    places = [(e.row, e.column) for e in error.value.errors]
    assert places == [
        (3, "question"),
        (4, "answer"),
        (5, "answer"),
        (6, "question"),
        (7, "links"),
    ]
    assert "unicorns" in str(error.value)
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_missing_or_unknown_column_is_reported(index_round, lyon, secretariat):
    with pytest.raises(TableError) as error:
        import_answers_csv(index_round, lyon, "question,value\nx,y\n", imported_by=secretariat.user)
    assert [(e.row, e.column) for e in error.value.errors] == [(1, "answer"), (1, "value")]


@pytest.mark.parametrize("name", ["lyon_coordinator", "expert"])
def test_only_the_secretariat_imports(index_round, lyon, personas, name):
    with pytest.raises(PermissionDenied):
        import_answers_csv(index_round, lyon, GOOD, imported_by=personas[name].user)
