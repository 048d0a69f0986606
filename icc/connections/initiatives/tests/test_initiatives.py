"""Common initiatives: a call, interest, partners, the workspace, outputs and bad input."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from icc.connections.initiatives import selectors, services, workspace
from icc.connections.initiatives.models import (
    Document,
    DocumentVersion,
    Initiative,
    Interest,
    Member,
)
from icc.connections.tests.conftest import publish_with_areas
from icc.core.models import Activity
from icc.index.tests.factories import shipped_round
from icc.network import services as network_services
from icc.network.models import City

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def _open(lyon: City, **extra: Any) -> Initiative:
    fields: dict[str, Any] = {
        "title": "Anti-rumours",
        "aim": "A joint campaign.",
        "areas": ["language"],
        "deadline": timezone.localdate() + timedelta(days=20),
    }
    return services.open_call(created_by=None, lead_city=lyon, **(fields | extra))


def _running(lyon: City, oslo: City) -> Initiative:
    initiative = _open(lyon)
    services.express_interest(initiative, city=oslo, note="Yes", by=None)
    services.accept_partner(initiative, city=oslo, by=None)
    return services.set_status(initiative, status="running", version=None, by=None)


def _suspend(city: City) -> None:
    network_services.change_city_status(
        city,
        to=City.Status.SUSPENDED,
        reason="Fees",
        changed_on=timezone.localdate(),
        changed_by=None,
    )


def test_a_deadline_in_the_past_is_refused_and_nothing_saved(lyon) -> None:
    with pytest.raises(ValidationError, match="past"):
        _open(lyon, deadline=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError, match="past"):
        services.open_call(
            created_by=None,
            lead_city=lyon,
            title="T",
            aim="A",
            areas=[],
            deadline=timezone.localdate(),
            funding_programme="Erasmus+",
            funding_deadline=date(2000, 1, 1),
        )
    assert not Initiative.objects.exists()


def test_the_form_shows_the_past_deadline_error(lyon, lyon_coordinator) -> None:
    response = lyon_coordinator.client().post(
        reverse("connections:initiative-create"),
        {
            "lead_city": lyon.pk,
            "title": "T",
            "aim": "A",
            "deadline": "2001-01-01",
        },
    )
    assert response.status_code == 200
    assert "cannot be in the past" in response.content.decode()
    assert not Initiative.objects.exists()


def test_interest_then_acceptance_makes_a_partner_and_twice_is_refused(
    lyon, oslo, lyon_coordinator
) -> None:
    initiative = _open(lyon)
    services.express_interest(initiative, city=oslo, note="We run a campaign too.", by=None)
    with pytest.raises(ValidationError, match="already shown"):
        services.express_interest(initiative, city=oslo, note="Again", by=None)
    services.accept_partner(initiative, city=oslo, by=None)
    with pytest.raises(ValidationError, match="already takes part"):
        services.accept_partner(initiative, city=oslo, by=None)
    with pytest.raises(ValidationError, match="already takes part"):
        services.add_member(initiative, city=oslo, role="observer", by=None)
    assert Member.objects.filter(initiative=initiative, city=oslo).count() == 1
    assert Interest.objects.get().answer == Interest.Answer.ACCEPTED
    verbs = set(Activity.objects.values_list("verb", flat=True))
    assert {"initiative.opened", "initiative.interest", "initiative.partner_added"} <= verbs


def test_a_suspended_city_can_neither_lead_nor_join(lyon, oslo) -> None:
    initiative = _open(lyon)
    _suspend(oslo)
    with pytest.raises(ValidationError, match="may not act"):
        services.express_interest(initiative, city=oslo, note="x", by=None)
    with pytest.raises(ValidationError, match="may not act"):
        services.add_member(initiative, city=oslo, role="partner", by=None)
    with pytest.raises(ValidationError, match="may not act"):
        _open(oslo)
    assert Initiative.objects.count() == 1 and not Interest.objects.exists()


def test_interest_after_the_deadline_is_refused(lyon, oslo) -> None:
    initiative = _open(lyon)
    later = initiative.deadline + timedelta(days=1)
    with pytest.raises(ValidationError, match="passed"):
        services.express_interest(initiative, city=oslo, note="x", by=None, today=later)


def test_documents_are_versioned_and_bad_files_refused(lyon, oslo) -> None:
    initiative = _running(lyon, oslo)
    first = workspace.upload_document(
        initiative, upload=SimpleUploadedFile("plan.pdf", PDF), title="Plan", by=None
    )
    second = workspace.upload_document(
        initiative, upload=SimpleUploadedFile("plan2.pdf", PDF), document=first.document, by=None
    )
    assert (first.number, second.number) == (1, 2)
    with pytest.raises(ValidationError, match="not a real"):
        workspace.upload_document(
            initiative, upload=SimpleUploadedFile("virus.pdf", b"MZ\x90\x00"), title="X", by=None
        )
    with pytest.raises(ValidationError, match="limit"):
        workspace.upload_document(
            initiative,
            upload=SimpleUploadedFile("big.pdf", PDF + b"0" * 2048),
            title="Big",
            by=None,
            max_bytes=1024,
        )
    assert Document.objects.count() == 1 and DocumentVersion.objects.count() == 2


def test_a_disguised_upload_through_the_page_shows_an_error(lyon, oslo, oslo_coordinator) -> None:
    initiative = _running(lyon, oslo)
    response = oslo_coordinator.client().post(
        reverse("connections:initiative-workspace", args=[initiative.pk]),
        {
            "action": "document",
            "document-title": "Poster",
            "document-file": SimpleUploadedFile("poster.pdf", b"<html>not a pdf</html>"),
        },
    )
    assert response.status_code == 200
    assert "not a real" in response.content.decode()
    assert not Document.objects.exists()


def test_observers_read_only_and_outsiders_do_not_see_the_workspace(
    lyon, oslo, barcelona, oslo_coordinator, reci_coordinator
) -> None:
    initiative = _open(lyon)
    services.add_member(initiative, city=oslo, role="observer", by=None)
    services.set_status(initiative, status="running", version=None, by=None)
    url = reverse("connections:initiative-workspace", args=[initiative.pk])
    client = oslo_coordinator.client()
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "package", "package-title": "X"}).status_code == 403
    assert reci_coordinator.client().get(url).status_code == 404


def test_tasks_messages_timeline_and_output_to_practice(lyon, oslo, lyon_coordinator) -> None:
    initiative = _running(lyon, oslo)
    package = workspace.add_work_package(initiative, title="Campaign", by=None)
    task = workspace.add_task(package, title="Posters", owner=oslo, due_on=None, by=None)
    with pytest.raises(ValidationError, match="owner"):
        workspace.add_task(
            package,
            title="X",
            owner=City.objects.create(name="Elsewhere", slug="elsewhere", country="IT"),
            due_on=None,
            by=None,
        )
    workspace.finish_task(task, by=None)
    with pytest.raises(ValidationError, match="already done"):
        workspace.finish_task(task, by=None)
    workspace.post_message(package, text="Posters printed", city=oslo, by=None)
    output = workspace.add_output(
        initiative, kind="toolkit", title="Toolkit", summary="How to run it.", by=None
    )
    space = selectors.workspace(initiative)
    assert [(p.open_count, p.done_count) for p in space.packages] == [(0, 1)]
    assert [t.title for t in selectors.package_page(package).done_tasks] == ["Posters"]
    assert any("finished a task" in label for _entry, label in space.timeline)
    url = reverse("connections:initiative-output-practice", args=[output.pk, "lyon"])
    response = lyon_coordinator.client().post(url, {"title": "Toolkit", "summary": "How."})
    assert response.status_code == 302
    from icc.practices.models import Practice

    practice = Practice.objects.get()
    assert practice.city == lyon and practice.status == "draft"


def test_publishing_shows_the_public_page_and_checks_the_version(lyon, oslo, visitor) -> None:
    from icc.core.versions import VersionConflict

    initiative = _running(lyon, oslo)
    url = reverse("connections:initiative-public", args=[initiative.pk])
    assert visitor.client().get(url).status_code == 404
    with pytest.raises(ValidationError, match="French"):
        services.publish(initiative, version=initiative.version, by=None)
    Initiative.objects.filter(pk=initiative.pk).update(title_fr="Anti-rumeurs", aim_fr="Une.")
    initiative.refresh_from_db()
    with pytest.raises(VersionConflict):
        services.publish(initiative, version=initiative.version - 1, by=None)
    services.publish(initiative, version=initiative.version, by=None)
    page = visitor.client().get(url).content.decode()
    assert "Anti-rumours" in page and "Oslo" in page


def test_suggestions_fit_the_wishes_and_the_overview_finds_cities_in_none(
    lyon, oslo, barcelona
) -> None:
    index_round = shipped_round(label="2024")
    publish_with_areas(index_round, lyon, 0.7, {"language": 0.3})
    publish_with_areas(index_round, oslo, 0.6, {"language": 0.9})
    publish_with_areas(index_round, barcelona, 0.6, {"language": 1.0})
    initiative = _open(lyon, wanted_area="language")
    found = [s.city for s in selectors.suggested_partners(initiative)]
    assert lyon not in found and set(found) <= {oslo, barcelona} and found
    rows, outside = selectors.overview()
    assert [row.initiative for row in rows] == [initiative]
    assert lyon not in outside


def test_the_demo_loads_three_initiatives_once() -> None:
    from io import StringIO

    from icc.connections.initiatives import demo

    slugs = [
        "bergen",
        "barcelona",
        "bilbao",
        "amadora",
        "botkyrka",
        "dublin",
        "copenhagen",
        "dortmund",
        "erlangen",
    ]
    for slug in slugs:
        City.objects.create(name=slug.title(), slug=slug, country="ES", status=City.Status.MEMBER)
    demo.load(StringIO())
    demo.load(StringIO())
    assert Initiative.objects.count() == 3
    running = Initiative.objects.get(status="running")
    assert running.members.count() == 5 and running.documents.count() == 2
    assert running.meetings.count() == 1  # no event yet: the one at an event comes later
    assert Initiative.objects.get(status="finished").is_published
