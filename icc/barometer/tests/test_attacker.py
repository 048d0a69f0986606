"""The attacker's side of the no-inference rule (decision 0052), through pages, API and exports.

One company (the target) gives answers nobody else gives. The attacker is the target's
own city coordinator, who knows which companies answered and their sectors; they gather
every figure the platform shows (API, CSV export, pages, with narrowing query
parameters), before and after one more company answers, and try every difference and
every remainder. None may give back the target's scores.
"""

import csv
import io
import itertools

import pytest
from django.urls import reverse

from icc.accounts.services import create_api_token
from icc.barometer import services
from icc.barometer.tests.build import invite, open_round, respond, token

pytestmark = pytest.mark.django_db

NARROWING = {
    "city": "lyon",
    "sector": "D",
    "size": "10-49",
    "kind": "sector",
    "key": "D",
    "min": "1",
}


def build(lyon, oslo):
    round = open_round()
    for number in range(5):
        respond(invite(round, lyon, f"Lyon C{number}", sector="C"), number % 2)
    target = respond(invite(round, lyon, "Target", sector="D"), 2)
    for number in range(10):
        respond(invite(round, oslo, f"Oslo F{number}", sector="F", size="50-249"), 1)
    return round, target


def api_figures(client, round, key, params=None):
    answer = client.get(
        f"/api/v1/barometer/rounds/{round.pk}/figures",
        params or {},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert answer.status_code == 200
    return answer.json()["figures"]


def export_figures(client, round, params=None):
    answer = client.get(reverse("barometer:round-export", kwargs={"pk": round.pk}), params or {})
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    header = rows[0]
    note = header.index("Note")
    found = []
    for row in rows[1:]:
        if row[3]:
            found.append((row[1], row[2], int(row[3]), [float(v) for v in row[4:note] if v]))
    return header, found


def attempts(figures):
    """Every value an attacker can derive from (kind, key, count, means): differences of
    two figures one company apart, and each family's remainder against the network."""
    derived = []
    for (_k1, _key1, n1, m1), (_k2, _key2, n2, m2) in itertools.permutations(figures, 2):
        if n1 - n2 == 1 and len(m1) == len(m2):
            derived.append([round(n1 * a - n2 * b, 1) for a, b in zip(m1, m2, strict=True)])
    network = [f for f in figures if f[0] == "network"]
    for family in ("city", "sector", "size"):
        members = [f for f in figures if f[0] == family]
        for whole in network:
            gap = whole[2] - sum(f[2] for f in members)
            if gap == 1:
                derived.append(
                    [
                        round(whole[2] * total - sum(f[2] * f[3][i] for f in members), 1)
                        for i, total in enumerate(whole[3])
                    ]
                )
    return derived


def as_tuples(api_rows):
    return [
        (row["kind"], row["key"], row["responses"], list(row["scores"].values()))
        for row in api_rows
        if row["released"]
    ]


def release_figure(stored):
    """A stored released figure as the rule's attacker reads it: members, count, means."""
    import numpy as np

    from icc.barometer.release import Figure

    return Figure(
        stored.kind,
        stored.key,
        np.frombuffer(bytes(stored.members), dtype="<i8"),
        "",
        dict(stored.means),
    )


def target_scores(target):
    target.response.refresh_from_db()
    return [
        target.response.scores[key]
        for key in sorted(target.response.scores, key=list(target.response.scores).index)
    ]


def test_no_figure_or_combination_gives_the_target_away(lyon, oslo, lyon_coordinator, secretariat):
    round, target = build(lyon, oslo)
    services.publish_round(round, by=None)
    _token, key = create_api_token(lyon_coordinator.user, name="attack")
    client = lyon_coordinator.client()

    first = as_tuples(api_figures(client, round, key))
    narrowed = as_tuples(api_figures(client, round, key, NARROWING))
    assert narrowed == first, "query parameters narrow nothing"
    _header, exported = export_figures(client, round)
    assert export_figures(client, round, NARROWING)[1] == exported
    assert sorted((f[0], f[1], f[2]) for f in exported) == sorted((f[0], f[1], f[2]) for f in first)
    # The city and sector C (all in Lyon) differ by the target alone: one is withheld.
    shown = {(kind, key) for kind, key, _n, _m in first}
    assert not ({("city", str(lyon.pk)), ("sector", "C")} <= shown)
    assert ("sector", "D") not in shown

    # One more company answers; the figures are published again.
    respond(invite(round, lyon, "Latecomer", sector="C"), 2)
    services.publish_round(round, by=None)
    second = as_tuples(api_figures(client, round, key))

    secret = target_scores(target)
    for derived in attempts(first) + attempts(second) + attempts(first + second):
        assert derived != secret
    # The strongest attacker: any weighted combination of every figure ever released
    # (both publications, scores and performance figures), knowing every group's members.
    from icc.barometer.models import GroupFigure
    from icc.barometer.release import isolated
    from icc.barometer.tests.test_release import solve_for_each_company

    stored = GroupFigure.objects.filter(reason="")
    for measure in set(stored.values_list("measure", flat=True)):
        figures = [release_figure(figure) for figure in stored.filter(measure=measure)]
        if measure == "":
            assert solve_for_each_company([figures]) == {}
        assert len(isolated([figure.members for figure in figures])) == 0
    # The pages show the same figures and say why the others are not shown.
    page = client.get(reverse("barometer:round", kwargs={"pk": round.pk}), NARROWING)
    assert page.status_code == 200 and b"Not shown" in page.content
    # The target's own peers on its report are the same released figures.
    report = client.get(reverse("barometer:report", kwargs={"token": token(target)}))
    assert report.status_code == 200


def test_the_secretariat_sees_counts_never_answers(lyon, oslo, secretariat):
    round, _target = build(lyon, oslo)
    services.publish_round(round, by=None)
    page = secretariat.client().get(reverse("barometer:round", kwargs={"pk": round.pk}))
    assert page.status_code == 200 and b"Responses by city" in page.content
    assert b"Target" not in page.content
    city = secretariat.client().get(
        reverse("barometer:city", kwargs={"pk": round.pk, "slug": "lyon"})
    )
    assert b"Target" in city.content  # the invitation's name and status, never its answers
    assert b"100.0" not in city.content
