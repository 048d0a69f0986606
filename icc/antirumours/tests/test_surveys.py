"""Surveys: answering once per link, paper entry, CSV import all-or-nothing, results."""

import random
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import Persona
from icc.antirumours.models import Answer
from icc.antirumours.tests.build import answers

ANSWER = {"district": "North", "age_group": "16-29", "gender": "woman", "trust": "4", "aid": "no"}


def test_a_link_takes_one_answer_and_a_replay_is_refused(built: dict[str, Any]) -> None:
    token = built["before"].tokens.first()
    client = Persona("visitor", None).client()
    url = reverse("antirumours:answer", args=[token.key])
    assert client.get(url).status_code == 200
    response = client.post(url, ANSWER)
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    replay = client.post(url, ANSWER | {"trust": "1"})
    assert replay.status_code == 410
    assert "already been used" in replay.content.decode()
    stored = Answer.objects.get()
    assert stored.values == {"trust": 4, "aid": 0} and stored.source == "link"


def test_an_out_of_range_answer_is_refused(built: dict[str, Any]) -> None:
    token = built["before"].tokens.first()
    client = Persona("visitor", None).client()
    response = client.post(reverse("antirumours:answer", args=[token.key]), ANSWER | {"trust": "9"})
    assert response.status_code == 200
    assert not Answer.objects.exists()
    token.refresh_from_db()
    assert token.used_at is None


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("answers.csv", text.encode(), content_type="text/csv")


def test_csv_import_is_all_or_nothing(built: dict[str, Any], lyon_coordinator: Persona) -> None:
    client = lyon_coordinator.client()
    url = reverse("antirumours:answers-import", args=[built["before"].pk])
    missing = client.post(
        url, {"file": _upload("district,age_group,gender,trust\nNorth,16-29,man,3\n")}
    )
    assert missing.status_code == 400
    assert "Columns missing from the file: aid" in missing.content.decode()
    bad = client.post(
        url,
        {
            "file": _upload(
                "district,age_group,gender,trust,aid\n"
                "North,16-29,man,3,yes\n"
                "South,30-44,woman,7,maybe\n"
            )
        },
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Line 3" in text and "from 1 to 5" in text and "yes or no" in text
    assert not Answer.objects.exists()
    good = client.post(
        url,
        {
            "file": _upload(
                "district;age_group;gender;trust;aid\nNorth;16-29;man;3;oui\n;65+;other;;\n"
            )
        },
    )
    assert good.status_code == 302
    assert Answer.objects.count() == 2


def test_paper_entry(built: dict[str, Any], lyon_editor: Persona) -> None:
    response = lyon_editor.client().post(
        reverse("antirumours:paper-entry", args=[built["after"].pk]), ANSWER
    )
    assert response.status_code == 302
    assert Answer.objects.get().source == "paper"


def test_results_show_the_test_and_both_sample_sizes(
    built: dict[str, Any], lyon_coordinator: Persona
) -> None:
    rng = random.Random(4)  # noqa: S311 — test data, not secrets
    answers(
        built["before"],
        [
            ("North", "16-29", "woman", rng.choice([1, 2, 3]), rng.choice(["yes", "no"]))
            for _ in range(60)
        ],
    )
    answers(
        built["after"],
        [
            ("South", "30-44", "man", rng.choice([3, 4, 5]), rng.choice(["yes", "no"]))
            for _ in range(45)
        ],
    )
    response = lyon_coordinator.client().get(
        reverse("antirumours:results", args=[built["survey"].pk])
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "60, 45" in text
    assert "Higher in the second wave" in text  # trust moved from 1–3 to 3–5
    assert "p = " in text and "r = " in text


def test_an_item_names_the_catalogue_rumour_it_measures(
    built: dict[str, Any], rumour: Any, lyon_coordinator: Persona
) -> None:
    from icc.antirumours.models import Survey

    url = reverse("antirumours:survey-add", args=["lyon"])
    line = "yes_no | aid2 | They get aid | Ils ont des aides"
    wrong = lyon_coordinator.client().post(url, {"title": "S", "items": f"{line} | 999999"})
    assert "no published catalogue rumour has the number 999999" in wrong.content.decode()
    right = lyon_coordinator.client().post(url, {"title": "S", "items": f"{line} | {rumour.pk}"})
    assert right.status_code == 302
    assert Survey.objects.get(title="S").items.get().rumour == rumour
