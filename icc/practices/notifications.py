"""Whom moderation tells when a practice is sent back or published.

Found by ``accounts`` at start-up, as the admin finds ``admin.py`` (decision 0017).
"""

from django.utils.translation import gettext_lazy as _

from icc.accounts.actors import Actor
from icc.accounts.models import User
from icc.accounts.notifications import (
    in_each_language,
    is_person,
    notify,
    register_notification_kinds,
)
from icc.accounts.selectors import coordinators_of_network, people_of_city
from icc.practices.models import Practice, PracticeRevision

register_notification_kinds(
    {
        "practice.rejected": _(
            "%(actor)s sent back the practice “%(title)s” as a draft. Reason: %(reason)s"
        ),
        "practice.published": _("%(actor)s published the practice “%(title)s”."),
        "practice.revision_approved": _(
            "%(actor)s published the changes to the practice “%(title)s”."
        ),
        "practice.revision_rejected": _(
            "%(actor)s sent back the changes to the practice “%(title)s”; the published text "
            "stays. Reason: %(reason)s"
        ),
    }
)


def _owners(practice: Practice) -> list[User]:
    """Return those who carry the practice: its city's people or its network's, and its author."""
    if practice.city_id is not None:
        people = list(people_of_city(practice.city))
    elif practice.national_network_id is not None:
        people = list(coordinators_of_network(practice.national_network))
    else:
        people = []
    if practice.created_by is not None:
        people.append(practice.created_by)
    return people


def _title(practice: Practice) -> dict[str, str]:
    def title_in(language: str) -> str:
        text = practice.text(language)
        return text.title if text else practice.slug

    return in_each_language(title_in)


def practice_rejected(practice: Practice, *, by: Actor | None) -> None:
    """Tell the practice's owners that it came back to them, with the reason."""
    if not is_person(by):
        return
    notify(
        _owners(practice),
        kind="practice.rejected",
        target=practice,
        actor=by,
        context={"title": _title(practice), "reason": practice.rejection_reason},
    )


def practice_published(practice: Practice, *, by: Actor | None) -> None:
    """Tell the practice's owners that visitors can read it now."""
    if not is_person(by):
        return
    notify(
        _owners(practice),
        kind="practice.published",
        target=practice,
        actor=by,
        context={"title": _title(practice)},
    )


def _revision_owners(revision: PracticeRevision) -> list[User]:
    people = _owners(revision.practice)
    if revision.proposed_by is not None:
        people.append(revision.proposed_by)
    return people


def revision_approved(revision: PracticeRevision, *, by: Actor | None) -> None:
    """Tell the practice's owners and the changes' author that the changes are public."""
    if not is_person(by):
        return
    notify(
        _revision_owners(revision),
        kind="practice.revision_approved",
        target=revision.practice,
        actor=by,
        context={"title": _title(revision.practice)},
    )


def revision_rejected(revision: PracticeRevision, *, by: Actor | None) -> None:
    """Tell the practice's owners and the changes' author why the changes came back."""
    if not is_person(by):
        return
    notify(
        _revision_owners(revision),
        kind="practice.revision_rejected",
        target=revision.practice,
        actor=by,
        context={"title": _title(revision.practice), "reason": revision.rejection_reason},
    )
