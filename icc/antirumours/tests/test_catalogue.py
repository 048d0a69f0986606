"""The rumour catalogue: proposals, review, counter-arguments refused, search and feed."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import Persona
from icc.antirumours.models import CounterArgument, Rumour, Theme
from icc.antirumours.services import catalogue
from icc.antirumours.tests.build import published_rumour
from icc.core.models import Activity

FACT = {
    "kind": "factual",
    "text_en": "Most newcomers work.",
    "text_fr": "La plupart des nouveaux venus travaillent.",
    "figure": "",
    "source_title": "Labour survey",
    "source_publisher": "Statistics office",
    "source_date": "",
    "source_url": "https://example.org/survey",
    "scope": "",
}


def test_a_city_proposes_and_the_secretariat_publishes(
    lyon_coordinator: Persona, secretariat: Persona, lyon: Any
) -> None:
    client = lyon_coordinator.client()
    theme = Theme.classic("labour")
    response = client.post(
        reverse("antirumours:rumour-add"),
        {
            "theme": theme.pk,
            "statement_en": "They take our jobs",
            "statement_fr": "",
            "city": lyon.pk,
        },
    )
    rumour = Rumour.objects.get()
    assert response.status_code == 302
    assert rumour.status == Rumour.Status.SUBMITTED and rumour.proposed_by_city == lyon
    # Without French and without a counter-argument it cannot be published.
    with pytest.raises(ValidationError):
        catalogue.decide_rumour(rumour, by=secretariat.user, publish=True)
    catalogue.update_rumour(
        rumour,
        by=secretariat.user,
        expected_version=rumour.version,
        theme=theme,
        statement_en="They take our jobs",
        statement_fr="Ils prennent nos emplois",
    )
    catalogue.add_counter(rumour, by=secretariat.user, **FACT | {"source_date": None})
    response = secretariat.client().post(
        reverse("antirumours:rumour-decide", args=[rumour.pk]), {"decision": "publish"}
    )
    rumour.refresh_from_db()
    assert rumour.is_published
    assert Activity.objects.filter(verb="antirumours.rumour.published").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"source_url": "javascript:alert(1)"}, "must start with http"),
        ({"source_title": "", "source_publisher": "", "source_url": ""}, "needs its source"),
    ],
)
def test_bad_counter_arguments_are_refused_and_nothing_saved(
    secretariat: Persona, change: dict[str, str], message: str
) -> None:
    rumour = published_rumour(secretariat.user)
    before = CounterArgument.objects.count()
    response = secretariat.client().post(
        reverse("antirumours:counter-add", args=[rumour.pk]), FACT | change
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert CounterArgument.objects.count() == before


def test_the_public_pages_search_in_both_languages_and_feed(secretariat: Persona) -> None:
    rumour = published_rumour(secretariat.user)
    client = Persona("visitor", None).client()
    found = client.get(reverse("antirumours:public-list"), {"q": "aides"})
    assert str(rumour.statement_en) in found.content.decode()
    # « hôpital » in the narrative is found without its accent, as in practices.
    assert (
        rumour.statement_en
        in client.get(reverse("antirumours:public-list"), {"q": "hopital"}).content.decode()
    )
    missing = client.get(reverse("antirumours:public-list"), {"q": "bicycles"})
    assert str(rumour.statement_en) not in missing.content.decode()
    detail = client.get(reverse("antirumours:public-detail", args=[rumour.pk]))
    assert "https://example.org/rules" in detail.content.decode()
    feed = client.get(reverse("antirumours:feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "They get all the social aid" in feed.content.decode()


def test_unpublished_rumours_are_not_public(lyon_coordinator: Persona, lyon: Any) -> None:
    rumour = catalogue.create_rumour(
        by=lyon_coordinator.user,
        theme=Theme.classic("coexistence"),
        statement_en="The park is not safe since they came",
        statement_fr="",
        city=lyon,
    )
    response = (
        Persona("visitor", None)
        .client()
        .get(reverse("antirumours:public-detail", args=[rumour.pk]))
    )
    assert response.status_code == 404
