"""The walk for the people the shared personas do not cover: the NGO representative, the
other reviewer, and a reviewer with a conflict (who cannot open the file by URL)."""

import pytest
from django.test import Client
from django.urls import reverse

from icc.accounts.models import Role
from icc.accounts.services import grant_role
from icc.certification.models import Application, Organisation
from icc.certification.tests import url_walk, world


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def objects(personas):
    return url_walk._objects(personas)


@pytest.mark.parametrize(
    ("name", "key", "method", "status"),
    [
        ("certification:organisation-detail", "cert-organisation", "get", 200),
        ("certification:representative-invite", "cert-organisation", "get", 200),
        ("certification:application-detail", "cert-in-review", "get", 200),
        ("certification:application-edit", "cert-in-review", "get", 403),  # locked for review
        ("certification:review-score", "cert-in-review", "get", 403),
        ("certification:application-assign", "cert-in-review", "get", 403),
        ("certification:desk", "", "get", 403),
        ("certification:organisation-create", "", "get", 403),  # already represents one
    ],
)
def test_ngo_representative(objects, personas, name, key, method, status):
    rep = Organisation.objects.get(name="Maison des langues").representatives.get().user
    kwargs = url_walk.url_kwargs(key, personas) if key else {}
    response = getattr(_client(rep), method)(reverse(name, kwargs=kwargs))
    assert response.status_code == status


def test_the_representative_appeals_its_own_decision_only(objects, personas):
    decided = Application.objects.get(pk=objects["cert-decided"])
    rep = decided.organisation.representatives.get().user
    assert (
        _client(rep).get(reverse("certification:appeal-create", args=[decided.pk])).status_code
        == 200
    )
    other_rep = Organisation.objects.get(name="Maison des langues").representatives.get().user
    assert (
        _client(other_rep)
        .get(reverse("certification:appeal-create", args=[decided.pk]))
        .status_code
        == 403
    )


def test_the_other_reviewer_scores_only_its_own_file(objects, personas):
    other = world.person("other@experts.test")
    client = _client(other)
    in_review = objects["cert-in-review"]
    review = Application.objects.get(pk=in_review).reviews.get(reviewer=other)
    assert review.status == "declared"
    assert client.get(reverse("certification:review-score", args=[in_review])).status_code == 200
    assert (
        client.get(
            reverse("certification:application-detail", args=[objects["cert-assigned"]])
        ).status_code
        == 403
    )


def test_a_reviewer_with_a_conflict_cannot_open_the_file_by_url(objects, personas):
    expert = personas["expert"].user
    lyon = Application.objects.get(pk=objects["cert-in-review"]).organisation.city
    # The expert now takes a role in Lyon: a conflict with every Lyon organisation.
    grant_role(expert, Role.CITY_EDITOR, granted_by=None, city=lyon)
    client = _client(expert)
    for name in ("application-detail", "review-score", "visit"):
        response = client.get(reverse(f"certification:{name}", args=[objects["cert-in-review"]]))
        assert response.status_code == 403, name


def test_the_reviewers_of_a_file_record_its_agreed_scores_and_no_one_else(objects, personas):
    ready = objects["cert-ready"]
    url = reverse("certification:reconcile", args=[ready])
    assert _client(world.person("other@experts.test")).get(url).status_code == 200
    assert _client(world.person("third@experts.test")).get(url).status_code == 200
    rep = Application.objects.get(pk=ready).organisation.representatives.get().user
    assert _client(rep).get(url).status_code == 403
