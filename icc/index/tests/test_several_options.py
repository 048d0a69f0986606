"""A single choice that takes several options, answered on the platform.

The edition (as in test_engine_options): options worth 0, 1, 2, 3 on ``capped`` (the
sum of a set is capped at the best option, 3) and on ``summed`` (no cap), each question
weight 1. By hand: capped {o2, o3} = 5, capped at 3 → 3/3 = 1; summed {o1, o3} = 4 →
4/3; area 100 × (1 + 4/3) / 2 = 116.67. Every door writes through ``save_answers``.
"""

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse as django_reverse
from django.utils import translation

from icc.accounts.services import create_api_token
from icc.index.models import Answer, Response, Round, Score
from icc.index.questionnaire import choice_note
from icc.index.services.answers import save_answer, start_response
from icc.index.services.editions import load_edition_text
from icc.index.services.imports import import_answers_csv
from icc.index.services.review import record_and_publish_answers
from icc.index.services.rounds import open_round
from icc.index.tests.documents import area, choice, edition, text

pytestmark = pytest.mark.django_db


def document() -> dict[str, Any]:
    capped = choice("capped", 0, 1, 2, 3, several="capped")
    capped["options"].append({"id": "na", "label": text("Does not apply"), "not_applicable": True})
    return edition(
        area(
            "a",
            capped,
            choice("summed", 0, 1, 2, 3, several="summed"),
            choice("single", 0, 1),
        )
    )


@pytest.fixture
def several_round(secretariat: Any) -> Round:
    loaded = load_edition_text(json.dumps(document()), name="several.json")
    return open_round(
        loaded,
        label="Several",
        opens_on=date(2000, 1, 1),
        closes_on=date(2100, 1, 1),
        opened_by=secretariat.user,
    )


@pytest.fixture
def draft(several_round: Round, lyon: Any, lyon_coordinator: Any) -> Response:
    return start_response(several_round, lyon, started_by=lyon_coordinator.user)


def reverse(*args: Any, **kwargs: Any) -> str:
    with translation.override("en"):
        return django_reverse(*args, **kwargs)


def area_score(response: Response) -> Decimal | None:
    return Score.objects.get(response=response, level="area", code="a").score


def test_sets_are_stored_and_scored_as_the_engine_computes_by_hand(
    several_round: Round, lyon: Any
) -> None:
    response = record_and_publish_answers(
        several_round,
        lyon,
        {"capped": ["o3", "o2"], "summed": ["o1", "o3"], "single": "o1"},
    )

    values = {a.question_id: a.value for a in Answer.objects.filter(response=response)}
    assert values == {"capped": ["o2", "o3"], "summed": ["o1", "o3"], "single": "o1"}
    # (1 + 4/3 + 1) / 3 × 100 = 111.11: the single choice o1 earns its full point.
    assert area_score(response) == Decimal("111.11")


def test_the_hand_figure_of_the_two_several_questions_alone(
    several_round: Round, lyon: Any
) -> None:
    """Without the third question answered it scores 0 of 1: (1 + 4/3 + 0) / 3 = 77.78."""
    response = record_and_publish_answers(
        several_round, lyon, {"capped": ["o2", "o3"], "summed": ["o1", "o3"], "single": "o0"}
    )
    assert area_score(response) == Decimal("77.78")


def test_the_page_renders_checkboxes_with_the_cap_in_words_and_takes_them(
    client: Any, draft: Response, lyon_coordinator: Any
) -> None:
    client.force_login(lyon_coordinator.user)
    page = client.get(reverse("index:response-area", kwargs={"pk": draft.pk, "area": "a"}))
    html = page.content.decode()
    capped = html[html.index('id="q-capped"') : html.index('id="q-summed"')]
    single = html[html.index('id="q-single"') :]

    assert page.status_code == 200
    assert capped.count('type="checkbox"') == 5 and 'type="radio"' not in capped
    assert "<fieldset" in capped and "<legend>" in capped
    assert "count up to 3, the best option’s points" in capped
    assert 'aria-describedby="q-capped-choices"' in capped
    assert 'type="radio"' in single and 'type="checkbox"' not in single

    saved = client.post(
        reverse("index:answer-save", kwargs={"pk": draft.pk, "question": "capped"}),
        {"value": ["o1", "o2"], "value_present": "1", "version": 0},
    )
    assert saved.status_code == 302
    assert Answer.objects.get(response=draft, question_id="capped").value == ["o1", "o2"]

    cleared = client.post(
        reverse("index:answer-save", kwargs={"pk": draft.pk, "question": "capped"}),
        {"value_present": "1", "version": 1},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert cleared.status_code == 200
    assert Answer.objects.get(response=draft, question_id="capped").value is None


def test_the_cap_is_said_in_french(several_round: Round) -> None:
    method = several_round.edition.method
    with translation.override("fr"):
        note = choice_note(method.question("capped"))
    assert "3" in note and note != choice_note(method.question("capped"))
    assert choice_note(method.question("summed")) == ""
    assert choice_note(method.question("single")) == ""


def test_more_options_than_a_question_takes_are_refused_clearly(
    client: Any, draft: Response, lyon_coordinator: Any
) -> None:
    """A single choice without ``several`` takes one option; "does not apply" stands alone."""
    with pytest.raises(ValidationError) as one_only:
        save_answer(
            draft, "single", saved_by=lyon_coordinator.user, expected_version=0, value=["o0", "o1"]
        )
    assert "takes one option only; 2 were chosen" in " ".join(one_only.value.messages)

    with pytest.raises(ValidationError) as alone:
        save_answer(
            draft, "capped", saved_by=lyon_coordinator.user, expected_version=0, value=["na", "o1"]
        )
    assert '"does not apply" cannot be chosen with others' in " ".join(alone.value.messages)

    client.force_login(lyon_coordinator.user)
    with translation.override("fr"):
        refused = client.post(
            django_reverse("index:answer-save", kwargs={"pk": draft.pk, "question": "single"}),
            {"value": ["o0", "o1"], "value_present": "1", "version": 0},
            HTTP_X_REQUESTED_WITH="fetch",
        )
    assert refused.status_code == 400
    assert "une seule option" in refused.json()["error"]
    assert not Answer.objects.filter(response=draft, value__isnull=False).exists()


def test_the_api_and_the_csv_import_take_a_set(
    client: Any,
    draft: Response,
    several_round: Round,
    lyon: Any,
    lyon_coordinator: Any,
    secretariat: Any,
) -> None:
    _token, key = create_api_token(lyon_coordinator.user, name="test")
    saved = client.patch(
        f"/api/v1/index/responses/{draft.pk}/answers/summed",
        {"version": 0, "value": ["o3", "o1"]},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert saved.status_code == 200 and saved.json()["value"] == ["o1", "o3"]

    import_answers_csv(
        several_round,
        lyon,
        "question,answer\ncapped,o2|o3\nsummed,o1|o2\nsingle,o1\n",
        imported_by=secretariat.user,
    )
    values = {a.question_id: a.value for a in Answer.objects.filter(response=draft)}
    assert values == {"capped": ["o2", "o3"], "summed": ["o1", "o2"], "single": "o1"}


def test_a_set_question_reads_one_stored_option_as_a_set(several_round: Round) -> None:
    """An answer stored as one option (before its question took sets) is scored as a set."""
    from icc.index.services.answers import engine_answer

    method = several_round.edition.method
    assert engine_answer(method.question("summed"), "o3") == frozenset({"o3"})
    assert engine_answer(method.question("summed"), ["o1", "o3"]) == frozenset({"o1", "o3"})
    assert engine_answer(method.question("single"), "o1") == "o1"
