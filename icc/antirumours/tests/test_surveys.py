"""Surveys: answering once per link, paper entry, CSV import all-or-nothing, results."""

import random
from typing import Any

import pytest
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
    assert "Benjamini–Hochberg" in text
    survey = built["survey"]
    survey.items.filter(code="trust").update(text_en="=HYPERLINK(1)")
    url = reverse("antirumours:results", args=[survey.pk])
    csv_file = lyon_coordinator.client().get(url, {"format": "csv"})
    assert csv_file["Content-Type"].startswith("text/csv")
    content = csv_file.content.decode()
    assert "'=HYPERLINK(1)" in content and "p adjusted for the other items" in content
    assert ",60,45," in content
    xlsx = lyon_coordinator.client().get(url, {"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


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


def test_tallies_kept_by_the_three_doors_give_the_answer_by_answer_results(
    built: dict[str, Any], lyon_coordinator: Persona
) -> None:
    from icc.antirumours.models import Tally
    from icc.antirumours.selectors import compare_waves, compare_waves_answer_by_answer
    from icc.antirumours.services import surveys

    before, after, survey = built["before"], built["after"], built["survey"]
    rng = random.Random(9)  # noqa: S311 — test data, not secrets
    lines = ["district,age_group,gender,trust,aid"]
    for _ in range(80):
        lines.append(
            f"{rng.choice(['North', 'South', ''])},{rng.choice(['16-29', '65+'])},"
            f"{rng.choice(['woman', 'man'])},{rng.choice(['', '1', '2', '3'])},"
            f"{rng.choice(['yes', 'no', ''])}"
        )
    surveys.import_answers(before, by=lyon_coordinator.user, content="\n".join(lines).encode())
    surveys.import_answers(after, by=lyon_coordinator.user, content="\n".join(lines[:41]).encode())
    for _ in range(40):
        row = ANSWER | {"trust": str(rng.choice([3, 4, 5])), "aid": rng.choice(["yes", "no"])}
        surveys.enter_paper_answer(after, by=lyon_coordinator.user, data=row)
    token = after.tokens.first()
    surveys.answer_with_link(token.key, ANSWER)
    tallied = compare_waves(survey, before, after)
    read = compare_waves_answer_by_answer(survey, before, after)
    for mine, theirs in zip(tallied, read, strict=True):
        a, b = mine.comparison, theirs.comparison
        assert (a.n_before, a.n_after) == (b.n_before, b.n_after)
        assert (a.before, a.after) == pytest.approx((b.before, b.after))
        assert (a.statistic, a.p_value, a.p_adjusted) == pytest.approx(
            (b.statistic, b.p_value, b.p_adjusted)
        )
    respondents = sum(t.count for t in Tally.objects.filter(wave=after, item_code=""))
    assert respondents == Answer.objects.filter(wave=after).count() == 81
    # Counting again from the answers finds the same tallies.
    kept = sorted(Tally.objects.filter(wave=after).values_list("item_code", "level", "count"))
    surveys.recount_answers(after)
    again = sorted(Tally.objects.filter(wave=after).values_list("item_code", "level", "count"))
    assert kept == again
