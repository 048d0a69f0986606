"""Saving a practice from a stale copy, changes to published practices, and who may own one."""

import json
import time
from pathlib import Path

import pytest
from django.urls import reverse

from icc.core.models import Activity
from icc.core.versions import VersionConflict
from icc.network.models import City, NationalNetwork
from icc.practices import search, services
from icc.practices.models import Practice, PracticeRevision, PracticeTranslation
from icc.practices.tests.concurrent_editor import lost_updates
from icc.practices.tests.conftest import write_practice
from tests.live_database import shared_database, start

pytestmark = pytest.mark.django_db


def english(practice: Practice) -> PracticeTranslation:
    text = practice.text("en")
    assert text is not None
    return text


def form_data(practice: Practice, *, version: int | str, title: str, summary: str) -> dict:
    """Return the edit form of a local practice of ``practice.city`` with a new English text."""
    return {
        "version": str(version),
        "level": "local",
        "city": practice.city_id,
        "original_language": "en",
        "started_year": "2020",
        "en-title": title,
        "en-summary": summary,
    }


def edit_url(practice: Practice) -> str:
    return reverse("practices:practice-edit", args=[practice.slug])


# The version check ------------------------------------------------------------------


def test_the_edit_form_carries_the_version_and_a_save_moves_it_on(lyon_coordinator, lyon) -> None:
    practice = write_practice(lyon, en={"title": "Welcome desk", "summary": "One desk."})
    client = lyon_coordinator.client()
    assert 'name="version" value="0"' in client.get(edit_url(practice)).content.decode()
    response = client.post(
        edit_url(practice), form_data(practice, version=0, title="Welcome desk", summary="Two.")
    )
    practice.refresh_from_db()
    assert response.status_code == 302 and practice.version == 1
    assert english(practice).summary == "Two."


def test_a_save_from_a_stale_copy_shows_both_versions_and_changes_nothing(
    lyon_coordinator, lyon_editor, lyon
) -> None:
    practice = write_practice(lyon, en={"title": "Welcome desk", "summary": "Original."})
    lyon_editor.client().post(
        edit_url(practice), form_data(practice, version=0, title="Welcome desk", summary="Hers.")
    )
    response = lyon_coordinator.client().post(
        edit_url(practice), form_data(practice, version=0, title="Welcome desk", summary="His.")
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this practice" in page
    assert "<td>Hers.</td><td>His.</td>" in page
    # Saving again from the conflict page replaces theirs: the form now carries version 1.
    assert 'name="version" value="1"' in page
    practice.refresh_from_db()
    assert english(practice).summary == "Hers." and practice.version == 1
    assert Activity.objects.about(practice).filter(verb="practice.updated").count() == 1


def test_saving_again_after_a_conflict_keeps_mine(lyon_coordinator, lyon) -> None:
    practice = write_practice(lyon, en={"title": "Welcome desk", "summary": "Original."})
    services.update_practice(
        practice,
        changed_by=None,
        expected_version=0,
        texts={"en": {"title": "Welcome desk", "summary": "Theirs."}},
    )
    client = lyon_coordinator.client()
    stale = client.post(
        edit_url(practice), form_data(practice, version=0, title="Welcome desk", summary="Mine.")
    )
    assert stale.status_code == 409
    again = client.post(
        edit_url(practice), form_data(practice, version=1, title="Welcome desk", summary="Mine.")
    )
    practice.refresh_from_db()
    assert again.status_code == 302 and english(practice).summary == "Mine."


def test_the_service_refuses_a_stale_version_with_both_contents(lyon) -> None:
    practice = write_practice(lyon, en={"title": "Welcome desk", "summary": "Original."})
    services.update_practice(practice, changed_by=None, expected_version=0, areas=["education"])
    with pytest.raises(VersionConflict) as conflict:
        services.update_practice(practice, changed_by=None, expected_version=0, areas=["media"])
    assert conflict.value.version == 1
    assert conflict.value.theirs["areas"] == ["education"]
    assert conflict.value.mine["areas"] == ["media"]
    assert practice.area_codes == ["education"]


@pytest.mark.security
@pytest.mark.django_db(transaction=True)
def test_concurrent_editors_lose_no_update(tmp_path: Path, lyon_coordinator, lyon) -> None:
    """Four editors in processes of their own save the same practice: every save is kept."""
    practice = write_practice(lyon, en={"title": "contested", "summary": "start"})
    with shared_database(tmp_path) as environment:
        editors = [
            start(
                [
                    "-m",
                    "icc.practices.tests.concurrent_editor",
                    practice.slug,
                    lyon_coordinator.user.email,
                    f"editor{number}",
                    "--saves",
                    "5",
                    "--barrier",
                    str(tmp_path),
                ],
                environment,
            )
            for number in range(4)
        ]
        # All four start saving together, once each is signed in.
        deadline = time.monotonic() + 180
        while len(list(tmp_path.glob("ready-*"))) < 4 and time.monotonic() < deadline:
            time.sleep(0.1)
        (tmp_path / "go").touch()
        outputs = [editor.communicate(timeout=180) for editor in editors]
    assert all(editor.returncode == 0 for editor in editors), [err for _out, err in outputs]
    saves = [json.loads(line) for out, _err in outputs for line in out.splitlines()]
    practice.refresh_from_db()
    final = english(practice).summary
    saved, kept = lost_updates(saves, final)
    assert len(saves) == 20 and all(save["answer"] in ("saved", "conflict") for save in saves)
    assert saved >= 5 and kept == saved
    assert practice.version == saved
    updates = Activity.objects.about(practice).filter(verb="practice.updated")
    assert updates.count() == saved


# Changes to a published practice ---------------------------------------------------------


@pytest.fixture
def published(lyon: City) -> Practice:
    return write_practice(lyon, en={"title": "Football for all", "summary": "Sport."}, publish=True)


def test_an_owners_change_to_a_published_practice_waits_for_review(
    lyon_editor, secretariat, visitor, published: Practice
) -> None:
    response = lyon_editor.client().post(
        edit_url(published),
        form_data(published, version=published.version, title="Cricket for all", summary="Bat."),
    )
    published.refresh_from_db()
    revision = PracticeRevision.objects.get()
    assert response.status_code == 302
    assert revision.status == PracticeRevision.Status.PENDING
    assert revision.proposed_by == lyon_editor.user
    assert revision.content["texts"]["en"]["title"] == "Cricket for all"
    # The published text stays, for visitors and for search.
    assert english(published).title == "Football for all"
    assert "Football for all" in visitor.client().get(published.get_absolute_url()).content.decode()
    assert search.search("cricket").total == 0 and search.search("football").total == 1
    entry = Activity.objects.about(published).get(verb="practice.revision_proposed")
    assert entry.changes["en.title"] == ["Football for all", "Cricket for all"]
    # The owner sees the pending state, and the moderators' queue lists it.
    owner_page = lyon_editor.client().get(published.get_absolute_url()).content.decode()
    assert "Changes to this practice wait for review" in owner_page
    queue = secretariat.client().get(reverse("practices:workspace")).content.decode()
    assert reverse("practices:practice-changes", args=[published.slug]) in queue
    # Editing again starts from the pending changes, not from the published text.
    form = lyon_editor.client().get(edit_url(published)).content.decode()
    assert "Cricket for all" in form


def test_a_moderator_publishes_the_changes(lyon_editor, secretariat, published: Practice) -> None:
    lyon_editor.client().post(
        edit_url(published),
        form_data(published, version=published.version, title="Cricket for all", summary="Bat."),
    )
    published.refresh_from_db()
    changes_url = reverse("practices:practice-changes", args=[published.slug])
    page = secretariat.client().get(changes_url).content.decode()
    assert "<td>Football for all</td><td>Cricket for all</td>" in page
    response = secretariat.client().post(
        changes_url, {"version": published.version, "decision": "approve"}
    )
    published.refresh_from_db()
    assert response.status_code == 302
    assert english(published).title == "Cricket for all"
    assert PracticeRevision.objects.get().status == PracticeRevision.Status.APPROVED
    assert search.search("cricket").total == 1 and search.search("football").total == 0
    entry = Activity.objects.about(published).get(verb="practice.revision_approved")
    assert entry.actor == secretariat.user
    assert entry.changes["en.title"] == ["Football for all", "Cricket for all"]


def test_a_moderator_sends_the_changes_back_with_a_reason(
    lyon_editor, reci_coordinator, secretariat, published: Practice
) -> None:
    lyon_editor.client().post(
        edit_url(published),
        form_data(published, version=published.version, title="Cricket for all", summary="Bat."),
    )
    published.refresh_from_db()
    changes_url = reverse("practices:practice-changes", args=[published.slug])
    without_reason = secretariat.client().post(
        changes_url, {"version": published.version, "decision": "reject"}
    )
    assert without_reason.status_code == 200
    assert PracticeRevision.objects.get().status == PracticeRevision.Status.PENDING
    response = secretariat.client().post(
        changes_url,
        {"version": published.version, "decision": "reject", "reason": "Keep the old title."},
    )
    published.refresh_from_db()
    assert response.status_code == 302
    assert english(published).title == "Football for all"
    revision = PracticeRevision.objects.get()
    assert revision.status == PracticeRevision.Status.REJECTED
    assert revision.rejection_reason == "Keep the old title."
    assert Activity.objects.about(published).filter(verb="practice.revision_rejected").exists()
    owner_page = lyon_editor.client().get(published.get_absolute_url()).content.decode()
    assert "Keep the old title." in owner_page
    # The next edit starts again from the published text.
    assert "Cricket for all" not in lyon_editor.client().get(edit_url(published)).content.decode()


def test_an_owner_may_read_the_changes_but_not_decide(
    lyon_editor, oslo_coordinator, published: Practice
) -> None:
    lyon_editor.client().post(
        edit_url(published),
        form_data(published, version=published.version, title="Cricket for all", summary="Bat."),
    )
    published.refresh_from_db()
    changes_url = reverse("practices:practice-changes", args=[published.slug])
    assert lyon_editor.client().get(changes_url).status_code == 200
    refused = lyon_editor.client().post(
        changes_url, {"version": published.version, "decision": "approve"}
    )
    assert refused.status_code == 403
    assert oslo_coordinator.client().get(changes_url).status_code == 403
    assert PracticeRevision.objects.get().status == PracticeRevision.Status.PENDING


def test_a_decision_on_changes_edited_meanwhile_is_refused(
    lyon_editor, secretariat, published: Practice
) -> None:
    client = lyon_editor.client()
    client.post(
        edit_url(published),
        form_data(published, version=published.version, title="Cricket for all", summary="Bat."),
    )
    published.refresh_from_db()
    read_at = published.version
    client.post(
        edit_url(published),
        form_data(published, version=read_at, title="Tennis for all", summary="Racket."),
    )
    response = secretariat.client().post(
        reverse("practices:practice-changes", args=[published.slug]),
        {"version": read_at, "decision": "approve"},
    )
    published.refresh_from_db()
    assert response.status_code == 302 and english(published).title == "Football for all"
    assert PracticeRevision.objects.get().status == PracticeRevision.Status.PENDING


def test_a_moderators_change_goes_live(secretariat, published: Practice) -> None:
    response = secretariat.client().post(
        edit_url(published),
        form_data(published, version=published.version, title="Cricket for all", summary="Bat."),
    )
    published.refresh_from_db()
    assert response.status_code == 302 and english(published).title == "Cricket for all"
    assert not PracticeRevision.objects.exists()


# Owners people may choose -----------------------------------------------------------


def new_practice_data(**record: object) -> dict:
    return {
        "level": "national",
        "original_language": "en",
        "started_year": "2021",
        "en-title": "A national plan",
        "en-summary": "Plan.",
        **record,
    }


def test_a_city_editor_cannot_choose_a_national_network(lyon_editor, reci: NationalNetwork) -> None:
    response = lyon_editor.client().post(
        reverse("practices:practice-create"), new_practice_data(national_network=reci.pk)
    )
    assert response.status_code == 200 and not Practice.objects.exists()
    assert "national_network" in response.context["form"].errors


def test_a_network_coordinator_writes_for_the_network(reci_coordinator, reci) -> None:
    response = reci_coordinator.client().post(
        reverse("practices:practice-create"), new_practice_data(national_network=reci.pk)
    )
    practice = Practice.objects.get()
    assert response.status_code == 302 and practice.national_network == reci


def test_the_service_refuses_an_owner_the_person_does_not_act_for(lyon_editor, reci) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.create_practice(
            created_by=lyon_editor.user,
            record={
                "level": "national",
                "national_network": reci,
                "country": "ES",
                "started_year": 2021,
            },
            texts={"en": {"title": "Not mine", "summary": "x"}},
        )
    assert not Practice.objects.exists()


# The same rules through the API ---------------------------------------------------------


def api_body(**changes: object) -> dict:
    return {
        "level": "local",
        "city": "lyon",
        "original_language": "en",
        "started_year": 2020,
        "texts": {"en": {"title": "Welcome desk", "summary": "Mine."}},
        **changes,
    }


def bearer(persona) -> dict[str, str]:
    from icc.accounts.services import create_api_token

    _token, key = create_api_token(persona.user, name="sync")
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.security
def test_the_api_refuses_a_stale_version_with_409_and_both_versions(
    client, lyon_coordinator, lyon
) -> None:
    practice = write_practice(lyon, en={"title": "Welcome desk", "summary": "Original."})
    headers = bearer(lyon_coordinator)
    url = f"/api/v1/practices/{practice.slug}"
    first = client.put(url, api_body(version=0), content_type="application/json", headers=headers)
    assert first.status_code == 200 and first.json()["version"] == 1
    stale = client.put(
        url,
        api_body(version=0, texts={"en": {"title": "Welcome desk", "summary": "Late."}}),
        content_type="application/json",
        headers=headers,
    )
    body = stale.json()
    assert stale.status_code == 409 and body["version"] == 1
    assert body["theirs"]["texts"]["en"]["summary"] == "Mine."
    assert body["mine"]["texts"]["en"]["summary"] == "Late."
    practice.refresh_from_db()
    assert english(practice).summary == "Mine." and practice.version == 1


def test_the_api_sends_an_owners_change_to_a_published_practice_for_review(
    client, lyon_editor, published: Practice
) -> None:
    response = client.put(
        f"/api/v1/practices/{published.slug}",
        api_body(
            version=published.version,
            texts={"en": {"title": "Cricket for all", "summary": "Bat."}},
        ),
        content_type="application/json",
        headers=bearer(lyon_editor),
    )
    assert response.status_code == 200 and response.json()["has_pending_changes"] is True
    assert response.json()["texts"][0]["title"] == "Football for all"
    assert PracticeRevision.objects.get().status == PracticeRevision.Status.PENDING


def test_the_api_refuses_an_owner_the_person_does_not_write_for(
    client, lyon_editor, reci_coordinator, reci
) -> None:
    body = api_body(level="national", city=None, national_network="reci")
    refused = client.post(
        "/api/v1/practices", body, content_type="application/json", headers=bearer(lyon_editor)
    )
    assert refused.status_code == 400
    assert "national_network" in refused.json()["error"]["fields"]
    assert not Practice.objects.exists()
    allowed = client.post(
        "/api/v1/practices",
        body,
        content_type="application/json",
        headers=bearer(reci_coordinator),
    )
    assert allowed.status_code == 201
    assert Practice.objects.get().national_network == reci
