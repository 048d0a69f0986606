"""Edition files that would hold a worker or crash it are refused quickly, with a reason."""

import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import Persona
from icc.index.method.loader import EditionError, read_edition_text

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def _refusal(text: str, name: str) -> str:
    started = time.perf_counter()
    with pytest.raises(EditionError) as refused:
        read_edition_text(text, name=name)
    assert time.perf_counter() - started < 1.0
    return str(refused.value)


def test_billion_laughs_is_refused_at_the_first_alias() -> None:
    assert "aliases" in _refusal(BILLION_LAUGHS, "laughs.yaml")


@pytest.mark.parametrize("depth", [40, 5_000, 200_000])
def test_deep_yaml_is_refused(depth: int) -> None:
    assert "nested more than" in _refusal("[" * depth + "]" * depth, "deep.yaml")


@pytest.mark.parametrize("depth", [40, 5_000, 200_000])
def test_deep_json_is_refused(depth: int) -> None:
    assert "nested more than" in _refusal('{"a": ' + "[" * depth + "]" * depth + "}", "deep.json")


def test_an_anchor_without_alias_and_ordinary_nesting_still_load() -> None:
    data = read_edition_text("areas: &areas\n  - id: a\n    questions: [[1, [2]]]\n", name="x.yml")
    assert data == {"areas": [{"id": "a", "questions": [[1, [2]]]}]}
    assert read_edition_text(json.dumps({"a": [[[1]]]}), name="x.json") == {"a": [[[1]]]}


def test_the_upload_page_answers_the_billion_laughs_with_the_reason(secretariat: Persona) -> None:
    upload = SimpleUploadedFile("laughs.yaml", BILLION_LAUGHS.encode(), "application/yaml")
    started = time.perf_counter()
    response = secretariat.client().post("/en/index/editions/", {"file": upload})
    assert time.perf_counter() - started < 5.0
    assert response.status_code == 200
    assert "aliases" in response.content.decode()
