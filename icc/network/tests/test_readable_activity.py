"""Timelines and histories name fields and values in the reader's language (issue 10, item 12)."""

from datetime import date

import pytest
from django.tasks import task
from django.urls import reverse
from django.utils import translation

from conftest import Persona
from icc.commitment import services as commitment_services
from icc.core.task_descriptions import describe_task_as
from icc.network.models import City
from icc.practices import services as practice_services
from icc.practices.tests.conftest import write_practice


def _history_url(practice_slug: str, language: str) -> str:
    with translation.override(language):
        return reverse("practices:practice-history", kwargs={"slug": practice_slug})


@pytest.mark.parametrize(
    ("language", "area", "sent_back"),
    [
        ("en", "Anti-discrimination", "Reason for sending back"),
        ("fr", "Lutte contre les discriminations", "Motif du renvoi"),
    ],
)
def test_practice_history_names_fields_and_values(
    lyon: City, lyon_coordinator: Persona, language: str, area: str, sent_back: str
) -> None:
    practice = write_practice(
        lyon, en={"title": "Welcome desk"}, areas=("anti_discrimination",), by=lyon_coordinator.user
    )
    practice_services.submit_practice(practice, submitted_by=lyon_coordinator.user)
    practice_services.reject_practice(practice, rejected_by=None, reason="Add the results.")

    page = lyon_coordinator.client().get(_history_url(practice.slug, language))

    html = page.content.decode()
    assert page.status_code == 200
    assert "rejection_reason" not in html
    assert "anti_discrimination" not in html
    assert "[&#x27;" not in html
    assert "en.title" not in html
    assert area in html
    assert sent_back in html
    # Submitting leaves the reason empty on both sides: no "— → —" row for it.
    assert html.count(sent_back) == 1


def test_city_timeline_shows_choice_labels_and_the_city_practices(
    lyon: City, lyon_coordinator: Persona, secretariat: Persona
) -> None:
    commitment_services.open_reengagement_task(
        lyon,
        reason="new_office_holder",
        trigger_key="term:test",
        detail={},
        due_on=date(2026, 9, 1),
        queue=False,
    )
    write_practice(lyon, en={"title": "Welcome desk"}, by=lyon_coordinator.user)

    for language, reason, practice_verb in [
        ("en", "New office-holder", "wrote the practice"),
        ("fr", "Changement de titulaire", "a rédigé la bonne pratique"),
    ]:
        with translation.override(language):
            url = reverse("network:city-detail", kwargs={"slug": "lyon"})
        html = secretariat.client().get(url).content.decode()
        assert "new_office_holder" not in html
        assert "reason:" not in html
        assert reason in html, language
        assert practice_verb in html, language
        assert "Welcome desk" in html


@task()
def mail_the_city(*, city_id: int) -> None:
    """Fail as a mail server that is down would."""
    raise ConnectionError("mail server down")


describe_task_as(
    mail_the_city,
    "Mail the city's coordinators",
    about=lambda kwargs: (str(City.objects.get(pk=kwargs["city_id"])), "/en/cities/lyon/"),
)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_failed_task_page_names_the_task_and_its_city_not_python(
    lyon: City, secretariat: Persona, language: str
) -> None:
    mail_the_city.enqueue(city_id=lyon.pk)
    with translation.override(language):
        url = reverse("network:failed-task-list")
        technical = translation.gettext("Technical details")

    html = secretariat.client().get(url).content.decode()

    main_text = html.split(f"<summary>{technical}</summary>")[0]
    assert "Mail the city&#x27;s coordinators" in main_text
    assert '<a href="/en/cities/lyon/">Lyon</a>' in main_text
    assert "mail server down" in main_text
    assert "ConnectionError" not in main_text
    assert "icc.network.tests" not in main_text
