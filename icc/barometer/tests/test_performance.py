"""Performance figures in aggregates: only over those who answered, under the same rule."""

import csv
import io

import pytest
from django.urls import reverse

from icc.accounts.services import create_api_token
from icc.barometer import services
from icc.barometer.models import GroupFigure
from icc.barometer.tests.build import invite, open_round, respond

pytestmark = pytest.mark.django_db

TURNOVER = "performance.turnover_growth"
VACANCIES = "performance.vacancies_filled"


def answer_performance(invitation, **values):
    services.save_answers(
        invitation,
        edition_id=invitation.round.edition_id,
        answers={key.replace("__", "."): value for key, value in values.items()},
        submit=True,
    )


def test_a_performance_figure_counts_those_who_answered_and_needs_k_of_them(
    lyon, lyon_coordinator, secretariat
):
    round = open_round()
    companies = [respond(invite(round, lyon, f"Lyon {number}"), 1) for number in range(7)]
    # Six answer the share of vacancies filled (mean 50.0); only four give their turnover.
    for number, invitation in enumerate(companies[:6]):
        answer_performance(invitation, performance__vacancies_filled=str(45 + 2 * number))
    for invitation in companies[:4]:
        answer_performance(invitation, performance__turnover_growth="3.5")
    services.publish_round(round, by=None)

    vacancies = GroupFigure.objects.get(measure=VACANCIES, kind="city", key=str(lyon.pk))
    assert vacancies.is_released and vacancies.count == 6 and vacancies.means == {"mean": 50.0}
    turnover = GroupFigure.objects.filter(measure=TURNOVER)
    assert turnover and all(not f.is_released and not f.means for f in turnover)

    page = lyon_coordinator.client().get(
        reverse("barometer:city", kwargs={"pk": round.pk, "slug": "lyon"})
    )
    text = page.content.decode()
    assert "Performance figures" in text or "performance figures" in text
    assert "6 answered" in text and "50.0" in text
    assert "mean of the companies of the group that answered" in text

    _token, key = create_api_token(lyon_coordinator.user, name="perf")
    answer = lyon_coordinator.client().get(
        f"/api/v1/barometer/rounds/{round.pk}/figures",
        headers={"Authorization": f"Bearer {key}"},
    )
    city = next(f for f in answer.json()["figures"] if f["kind"] == "city")
    assert city["performance"] == {VACANCIES: {"answered": 6, "mean": 50.0}}

    # The network's page: its performance figures and its scores by dimension over the rounds.
    network_page = secretariat.client().get(reverse("barometer:round", kwargs={"pk": round.pk}))
    shown = network_page.content.decode()
    assert "The network over the rounds" in shown and "6 answered" in shown
    history = network_page.context["history"]()
    assert len(history) == 1 and history[0].released and history[0].count == 7
    assert len(history[0].means) == 7 and None not in history[0].means  # 6 dimensions, overall

    export = secretariat.client().get(reverse("barometer:round-export", kwargs={"pk": round.pk}))
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert any("companies that answered" in heading for heading in rows[0])
    network = next(row for row in rows[1:] if row[1] == "network")
    assert "6" in network and "50.0" in network


def test_one_more_answer_between_publications_gives_nothing_away(lyon):
    round = open_round()
    companies = [respond(invite(round, lyon, f"Lyon {number}"), 1) for number in range(8)]
    for invitation in companies[:6]:
        answer_performance(invitation, performance__vacancies_filled="40")
    services.publish_round(round, by=None)
    # The seventh gives its figure (the target: 96): six answered before, seven now.
    answer_performance(companies[6], performance__vacancies_filled="96")
    second = services.publish_round(round, by=None)
    now = second.figures.filter(measure=VACANCIES)
    assert now and all(not figure.is_released for figure in now)
    assert {figure.reason for figure in now} == {"difference"}
