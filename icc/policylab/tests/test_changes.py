"""Uptakes changed and withdrawn; stakeholders and labs found by their words in both languages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from icc.accounts.models import Notification
from icc.core.models import Activity
from icc.core.related_links import related_links
from icc.core.versions import VersionConflict
from icc.policylab import search
from icc.policylab.models import Lab, Stakeholder, Uptake
from icc.policylab.services import labs, uptakes
from icc.policylab.tests.conftest import LINK, add_body, facts, record


def change(uptake: Uptake, practice, *, by=None, version=None, **fields):  # type: ignore[no-untyped-def]
    values = {
        "adopted_on": uptake.adopted_on,
        "adaptation": uptake.adaptation,
        "adaptation_language": uptake.adaptation_language,
        "evidence_url": uptake.evidence_url,
        "elements": uptake.elements,
    } | fields
    return uptakes.change_uptake(
        uptake,
        facts(practice),
        changed_by=by,
        expected_version=uptake.version if version is None else version,
        **values,
    )


def test_the_recorder_changes_an_uptake_the_other_side_is_told(
    lyon_coordinator, oslo_coordinator, lyon_practice, oslo
) -> None:
    uptake = record(lyon_practice, by=lyon_coordinator.user, adopter_city=oslo)
    change(
        uptake,
        lyon_practice,
        by=lyon_coordinator.user,
        adaptation="Dans trois bibliothèques.",
        adaptation_language="fr",
    )
    uptake.refresh_from_db()
    assert uptake.adaptation_language == "fr" and uptake.version == 1
    assert Notification.objects.filter(
        recipient=oslo_coordinator.user, kind="policylab.uptake_changed"
    ).exists()
    entry = Activity.objects.get(verb="policylab.uptake.changed")
    assert "adaptation" in entry.changes
    # A stale copy is refused; the other side may not change it.
    with pytest.raises(VersionConflict):
        change(uptake, lyon_practice, by=lyon_coordinator.user, version=0, adaptation="x")
    with pytest.raises(ValidationError):
        change(uptake, lyon_practice, by=oslo_coordinator.user, adaptation="x")


def test_a_change_keeps_the_journeys_dates_in_order(lyon_practice, region, oslo) -> None:
    first = record(lyon_practice, adopter_stakeholder=region, confirmed=True)
    later = record(
        lyon_practice,
        adopter_city=oslo,
        source=first,
        adopted_on=datetime.date(2020, 1, 1),
        confirmed=True,
    )
    for bad in (datetime.date(2021, 1, 1), datetime.date(2010, 1, 1)):
        with pytest.raises(ValidationError):
            change(first, lyon_practice, adopted_on=bad)
    with pytest.raises(ValidationError):
        change(later, lyon_practice, adopted_on=datetime.date(2019, 1, 1))
    with pytest.raises(ValidationError):
        change(first, lyon_practice, evidence_url="ftp://example.org/x")
    first.refresh_from_db()
    assert first.adopted_on == datetime.date(2019, 5, 1) and first.evidence_url == LINK


def test_a_withdrawn_uptake_leaves_the_journey_and_stays_in_the_log(
    visitor, secretariat, lyon_coordinator, oslo_coordinator, lyon_practice, region, oslo
) -> None:
    first = record(lyon_practice, adopter_stakeholder=region, confirmed=True)
    child = record(lyon_practice, by=lyon_coordinator.user, adopter_city=oslo, source=first)
    # Withdrawn after what came from it, with a reason, by the side that recorded it.
    with pytest.raises(ValidationError):
        uptakes.withdraw_uptake(
            first, withdrawn_by=None, expected_version=0, reason="Wrong.", origin_city_id=None
        )
    url = reverse("policylab:uptake-withdraw", args=[child.pk])
    assert oslo_coordinator.client().get(url).status_code == 403
    client = lyon_coordinator.client()
    assert client.post(url, {"reason": "", "version": 0}).status_code == 200
    assert client.post(url, {"reason": "Oslo never ran it.", "version": 0}).status_code == 302
    child.refresh_from_db()
    assert child.status == Uptake.Status.WITHDRAWN and child.withdrawn_at is not None
    assert Activity.objects.filter(verb="policylab.uptake.withdrawn").exists()
    assert Notification.objects.filter(
        recipient=oslo_coordinator.user, kind="policylab.uptake_withdrawn"
    ).exists()
    # Nothing more happens to it; the journey no longer counts it.
    assert client.get(reverse("policylab:uptake-edit", args=[child.pk])).status_code == 403
    page = secretariat.client().get(reverse("policylab:journey", args=[lyon_practice.slug]))
    assert "Oslo" not in page.content.decode()
    # Now the first one may go too, and the practice page's journey link with it.
    assert related_links("practice", lyon_practice.pk)
    first.refresh_from_db()
    uptakes.withdraw_uptake(
        first,
        withdrawn_by=secretariat.user,
        expected_version=first.version,
        reason="Recorded twice.",
        origin_city_id=None,
    )
    assert not related_links("practice", lyon_practice.pk)


def test_the_practice_page_links_to_its_journey_only_when_one_exists(
    visitor, lyon_practice, region
) -> None:
    url = lyon_practice.get_absolute_url()
    journey = reverse("policylab:journey", args=[lyon_practice.slug])
    assert journey not in visitor.client().get(url).content.decode()
    record(lyon_practice, adopter_stakeholder=region, confirmed=True)
    assert journey in visitor.client().get(url).content.decode()


def test_stakeholders_and_labs_are_found_by_their_words_in_both_languages(
    visitor, expert, monkeypatch
) -> None:
    welcome = add_body("Accueil des nouveaux arrivants de Lyon", level="local", region="Rhône")
    add_body("Regional employment office")
    # The French verb finds the French noun; the English label of the kind is searched too.
    assert list(search.search_stakeholders(Stakeholder.objects.all(), "accueillir")) == [welcome]
    assert welcome in search.search_stakeholders(Stakeholder.objects.all(), "public authorities")
    assert welcome in search.search_stakeholders(Stakeholder.objects.all(), "autorité publique")
    lab = labs.create_lab(
        created_by=None,
        record={
            "title_en": "Welcoming newcomers",
            "title_fr": "Accueillir les nouveaux arrivants",
            "theme_en": "How cities welcome people who arrive.",
            "theme_fr": "Comment les villes accueillent les arrivants.",
            "place": "Lyon",
        },
    )
    session = labs.add_session(
        lab, added_by=None, held_on=datetime.date(2017, 2, 16), agenda_en="Introductions"
    )
    assert list(search.search_labs(Lab.objects.all(), "accueil")) == [lab]
    assert not search.search_labs(Lab.objects.all(), "mediation").exists()
    labs.add_outcome(
        session, added_by=None, kind="recommendation", text_en="Fund neighbourhood mediation."
    )
    assert list(search.search_labs(Lab.objects.all(), "mediation")) == [lab]
    # The pages search the same way; an unpublished lab is found by people with a role only.
    page = expert.client().get(reverse("policylab:stakeholder-list"), {"q": "accueillir"})
    assert "Accueil des nouveaux arrivants" in page.content.decode()
    assert "Regional employment office" not in page.content.decode()
    found = expert.client().get(reverse("policylab:lab-list"), {"q": "accueillir"})
    assert "Welcoming newcomers" in found.content.decode()
    hidden = visitor.client().get(reverse("policylab:lab-list"), {"q": "accueillir"})
    assert hidden.status_code == 200 and "Welcoming newcomers" not in hidden.content.decode()
    # A search keeps its newest matches and says so when more may match.
    monkeypatch.setattr(search, "MAX_MATCHES", 1)
    capped = expert.client().get(reverse("policylab:lab-list"), {"q": "accueillir"})
    assert "Only the 1 newest matches are shown" in capped.content.decode()
