"""Every write to good practices, whatever the interface; each keeps the search index in step.

The practices, their files, questions and stories are written here; a practice's content
as one shape (read, merged, written) lives in ``content``, and the moderated changes to a
published practice (proposed, approved, sent back) in ``revisions``, imported from there.
"""

import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.core import actors
from icc.core.activity import record_activity
from icc.core.page_cache import invalidate_public_pages_on_commit
from icc.core.versions import VersionConflict, advance_version
from icc.network.models import City, NationalNetwork
from icc.practices import notifications, permissions, search
from icc.practices.areas import area_codes
from icc.practices.models import (
    Answer,
    Challenge,
    ChallengeFollow,
    Practice,
    PracticeAttachment,
    PracticeRevision,
    Question,
    Story,
    StoryTranslation,
)
from icc.practices.services.content import (
    apply_parts,
    check_owner,
    merged_content,
    parts_of,
    set_areas,
    set_challenges,
    set_texts,
    working_content,
)
from icc.practices.services.revisions import close_revision, propose_revision

THUMBNAIL_SIZE = (480, 480)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "practice"
    slug, number = base, 2
    while Practice.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _check_owner_choice(
    person: Actor | None,
    *,
    city: City | None,
    national_network: NationalNetwork | None,
    before: Practice | None = None,
) -> None:
    """Refuse owners the person does not act for; owners kept from before stay allowed."""
    if before is not None:
        city = city if city != before.city else None
        if national_network == before.national_network:
            national_network = None
    if not permissions.can_write_for(person, city=city, national_network=national_network):
        field = "city" if city is not None and national_network is None else "national_network"
        raise ValidationError({field: _("Choose an owner you write for.")})


@transaction.atomic
def create_practice(
    *,
    created_by: Actor | None,
    record: Mapping[str, Any],
    texts: Mapping[str, Mapping[str, str]],
    areas: Sequence[str] = (),
    challenges: Sequence[Challenge] = (),
) -> Practice:
    """Write a new practice as a draft, with its texts per language, areas and challenges.

    Raises ``ValidationError`` (and saves nothing) when the record is invalid.
    """
    practice = Practice(created_by=actors.author(created_by), **record)
    _check_owner_choice(created_by, city=practice.city, national_network=practice.national_network)
    check_owner(practice)
    first_title = next((fields["title"] for fields in texts.values() if fields.get("title")), "")
    practice.slug = _unique_slug(first_title)
    practice.full_clean(exclude=["slug"])
    practice.save()
    changes = set_texts(practice, texts)
    changes |= set_areas(practice, areas)
    changes |= set_challenges(practice, challenges)
    record_activity(created_by, "practice.created", practice, changes=changes)
    return practice


@transaction.atomic
def update_practice(
    practice: Practice,
    *,
    changed_by: Actor | None,
    expected_version: int | None,
    record: Mapping[str, Any] | None = None,
    texts: Mapping[str, Mapping[str, str]] | None = None,
    areas: Sequence[str] | None = None,
    challenges: Sequence[Challenge] | None = None,
) -> Practice:
    """Save a change to the practice, or to its pending changes when it is published.

    ``expected_version`` is the version the person started from: when another save came
    first, ``VersionConflict`` is raised with both versions and nothing is saved
    (``None`` checks nothing: the platform's own writes). A published practice changed by
    someone who may not publish it keeps its published text: the change becomes a
    ``PracticeRevision`` waiting for a moderator (decision 0022). A moderator's change
    goes live, and includes the pending changes it was made from. Parts left ``None``
    stay as they are; a language whose title is empty is removed.
    """
    if not advance_version(Practice, practice.pk, expected=expected_version):
        stored = Practice.objects.get(pk=practice.pk)
        theirs = working_content(stored)
        raise VersionConflict(
            mine=merged_content(
                theirs, record=record, texts=texts, areas=areas, challenges=challenges
            ),
            theirs=theirs,
            version=stored.version,
        )
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    base = working_content(practice)
    content = merged_content(base, record=record, texts=texts, areas=areas, challenges=challenges)
    _check_owner_choice(
        changed_by,
        city=(record or {}).get("city", practice.city),
        national_network=(record or {}).get("national_network", practice.national_network),
        before=practice,
    )
    if not permissions.publishes_changes(changed_by, practice):
        propose_revision(practice, content, proposed_by=changed_by)
        return practice
    changes = apply_parts(practice, **parts_of(content))
    revision = practice.pending_revision() if practice.status == Practice.Status.PUBLISHED else None
    if revision is not None:
        close_revision(revision, status=PracticeRevision.Status.APPROVED, decided_by=changed_by)
    if changes:
        record_activity(changed_by, "practice.updated", practice, changes=changes)
    if practice.status == Practice.Status.PUBLISHED:
        search.index_practice(practice)
        invalidate_public_pages_on_commit("practices")
    return practice


def _change_status(
    practice: Practice, status: str, *, actor: Actor | None, verb: str, **fields: Any
) -> Practice:
    old = practice.status
    practice.status = status
    for name, value in fields.items():
        setattr(practice, name, value)
    practice.save()
    record_activity(
        actor,
        verb,
        practice,
        changes={"status": (old, status)}
        | {name: (None, value) for name, value in fields.items() if name == "rejection_reason"},
    )
    search.index_practice(practice)
    if Practice.Status.PUBLISHED in (old, status):
        invalidate_public_pages_on_commit("practices")
    return practice


@transaction.atomic
def submit_practice(practice: Practice, *, submitted_by: Actor | None) -> Practice:
    """Send a draft to the moderators; raises ``ValidationError`` unless it is a draft."""
    if practice.status != Practice.Status.DRAFT:
        raise ValidationError(_("Only a draft can be submitted."))
    return _change_status(
        practice,
        Practice.Status.SUBMITTED,
        actor=submitted_by,
        verb="practice.submitted",
        submitted_at=timezone.now(),
        rejection_reason="",
    )


@transaction.atomic
def publish_practice(practice: Practice, *, published_by: Actor | None) -> Practice:
    """Publish a submitted practice: visitors see it and search finds it."""
    if practice.status != Practice.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted practice can be published."))
    practice = _change_status(
        practice,
        Practice.Status.PUBLISHED,
        actor=published_by,
        verb="practice.published",
        published_at=practice.published_at or timezone.now(),
    )
    notifications.practice_published(practice, by=published_by)
    return practice


@transaction.atomic
def reject_practice(practice: Practice, *, rejected_by: Actor | None, reason: str) -> Practice:
    """Send a submitted practice back to its authors as a draft, with the reason."""
    if practice.status != Practice.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted practice can be sent back."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the practice is sent back.")})
    practice = _change_status(
        practice,
        Practice.Status.DRAFT,
        actor=rejected_by,
        verb="practice.rejected",
        rejection_reason=reason.strip(),
    )
    notifications.practice_rejected(practice, by=rejected_by)
    return practice


@transaction.atomic
def unpublish_practice(practice: Practice, *, unpublished_by: Actor | None) -> Practice:
    """Take a published practice off the public pages and the index, back to draft."""
    if practice.status != Practice.Status.PUBLISHED:
        raise ValidationError(_("Only a published practice can be withdrawn."))
    # Changes waiting for review would otherwise come back if it were published again.
    revision = practice.pending_revision()
    if revision is not None:
        close_revision(revision, status=PracticeRevision.Status.REJECTED, decided_by=unpublished_by)
    return _change_status(
        practice, Practice.Status.DRAFT, actor=unpublished_by, verb="practice.unpublished"
    )


@transaction.atomic
def delete_practice(practice: Practice, *, deleted_by: Actor | None) -> None:
    """Delete the practice, its texts and files, and remove it from the index."""
    was_published = practice.status == Practice.Status.PUBLISHED
    record_activity(
        deleted_by, "practice.deleted", practice, changes={"title": (str(practice), None)}
    )
    search.remove_practice(practice.pk)
    files = [(a.file, a.thumbnail) for a in practice.attachments.all()]
    practice.delete()
    for file, thumbnail in files:
        transaction.on_commit(partial(_delete_files, file, thumbnail))
    if was_published:
        invalidate_public_pages_on_commit("practices")


def _delete_files(*files: Any) -> None:
    for file in files:
        if file:
            file.delete(save=False)


def _thumbnail(upload: UploadedFile) -> ContentFile | None:
    from PIL import Image

    upload.seek(0)
    with Image.open(upload) as image:
        image.thumbnail(THUMBNAIL_SIZE)
        output = io.BytesIO()
        image.convert("RGB").save(output, format="JPEG", quality=82)
    upload.seek(0)
    return ContentFile(output.getvalue())


@transaction.atomic
def add_attachment(
    practice: Practice,
    *,
    added_by: Actor | None,
    upload: UploadedFile,
    title: str,
    content_type: str,
) -> PracticeAttachment:
    """Join a checked file to the practice; images get a JPEG thumbnail.

    ``content_type`` is the type found from the content (``core.uploads``), not the one
    the browser sent.
    """
    file_name = upload.name or "attachment"
    attachment = PracticeAttachment(
        practice=practice,
        title=title or file_name,
        content_type=content_type,
        size=upload.size or 0,
    )
    attachment.file.save(file_name, upload, save=False)
    if content_type.startswith("image/"):
        thumbnail = _thumbnail(upload)
        if thumbnail is not None:
            attachment.thumbnail.save(f"thumb-{upload.name}.jpg", thumbnail, save=False)
    attachment.save()
    record_activity(
        added_by,
        "practice.attachment_added",
        attachment,
        about=practice,
        changes={"attachment": (None, attachment.title)},
    )
    if practice.status == Practice.Status.PUBLISHED:
        invalidate_public_pages_on_commit("practices")
    return attachment


@transaction.atomic
def remove_attachment(attachment: PracticeAttachment, *, removed_by: Actor | None) -> None:
    """Remove a file from its practice."""
    practice = attachment.practice
    record_activity(
        removed_by,
        "practice.attachment_removed",
        attachment,
        about=practice,
        changes={"attachment": (attachment.title, None)},
    )
    file, thumbnail = attachment.file, attachment.thumbnail
    attachment.delete()
    transaction.on_commit(lambda: _delete_files(file, thumbnail))
    if practice.status == Practice.Status.PUBLISHED:
        invalidate_public_pages_on_commit("practices")


@transaction.atomic
def save_challenge(
    *, saved_by: Actor | None, slug: str, names: Mapping[str, str], is_active: bool = True
) -> Challenge:
    """Add a challenge to the taxonomy or rename it (the secretariat)."""
    challenge = Challenge.objects.filter(slug=slug).first() or Challenge(slug=slug)
    before = {"names": challenge.names, "is_active": challenge.is_active} if challenge.pk else {}
    challenge.names = dict(sorted(names.items()))
    challenge.is_active = is_active
    challenge.full_clean()
    challenge.save()
    after = {"names": challenge.names, "is_active": is_active}
    record_activity(
        saved_by,
        "challenge.saved",
        challenge,
        changes={
            name: (before.get(name), value)
            for name, value in after.items()
            if before.get(name) != value
        },
    )
    invalidate_public_pages_on_commit("practices")
    return challenge


# Questions to the network ---------------------------------------------------------------


@transaction.atomic
def ask_question(
    *,
    asked_by: Actor | None,
    city: City | None,
    title: str,
    body: str,
    language: str,
    challenge: Challenge | None = None,
    area: str = "",
    is_demo: bool = False,
) -> Question:
    """Ask the network a question tagged with a challenge or an Index area.

    Followers of the challenge hear of it in their next daily digest.
    """
    if area and area not in area_codes():
        raise ValidationError({"area": _("Unknown Index area.")})
    question = Question(
        asked_by=actors.author(asked_by),
        city=city,
        title=title,
        body=body,
        language=language,
        challenge=challenge,
        area=area,
        is_demo=is_demo,
    )
    if not challenge and not area:
        raise ValidationError(_("Tag the question with a challenge or an Index area."))
    question.full_clean()
    question.save()
    record_activity(asked_by, "question.asked", question, changes={"title": (None, title)})
    return question


@transaction.atomic
def answer_question(
    question: Question,
    *,
    author: Actor | None,
    city: City | None,
    body: str,
    language: str,
    is_demo: bool = False,
) -> Answer:
    """Add a city's answer to a question."""
    answer = Answer(
        question=question,
        author=actors.author(author),
        city=city,
        body=body,
        language=language,
        is_demo=is_demo,
    )
    answer.full_clean()
    answer.save()
    record_activity(
        author, "question.answered", answer, about=question, changes={"answer": (None, body)}
    )
    return answer


@transaction.atomic
def mark_answer_helpful(
    answer: Answer, *, marked_by: Actor | None, is_helpful: bool = True
) -> Answer:
    """Mark (or unmark) an answer as one that helped the asker."""
    if answer.is_helpful != is_helpful:
        answer.is_helpful = is_helpful
        answer.save(update_fields=["is_helpful"])
        record_activity(
            marked_by,
            "question.answer_marked",
            answer,
            about=answer.question,
            changes={"is_helpful": (not is_helpful, is_helpful)},
        )
    return answer


@transaction.atomic
def follow_challenge(challenge: Challenge, *, user: Actor, follow: bool = True) -> bool:
    """Start or stop the person's daily digest of questions on ``challenge``."""
    person = actors.author(user)
    if person is None:
        raise PermissionDenied
    if follow:
        ChallengeFollow.objects.get_or_create(user=person, challenge=challenge)
    else:
        ChallengeFollow.objects.filter(user=person, challenge=challenge).delete()
    record_activity(person, "challenge.followed" if follow else "challenge.unfollowed", challenge)
    return follow


def send_challenge_digests(day: date) -> int:
    """Send each follower one mail listing the questions asked on ``day`` on their challenges.

    Returns the number of mails sent. Called by the daily job in ``tasks.py``.
    """
    from icc.core.mail import send_templated_mail

    start = timezone.make_aware(datetime.combine(day, time.min))
    questions = list(
        Question.objects.filter(
            created_at__gte=start,
            created_at__lt=start + timedelta(days=1),
            challenge__isnull=False,
        ).select_related("challenge", "city")
    )
    if not questions:
        return 0
    by_challenge: dict[int, list[Question]] = {}
    for question in questions:
        if question.challenge_id is not None:
            by_challenge.setdefault(question.challenge_id, []).append(question)
    follows = (
        ChallengeFollow.objects.filter(challenge_id__in=by_challenge)
        .select_related("user", "challenge")
        .order_by("user_id", "challenge__slug")
    )
    per_person: dict[int, tuple[Any, list[tuple[Challenge, list[Question]]]]] = {}
    for follow in follows:
        if not follow.user.is_active:
            continue
        entry = per_person.setdefault(follow.user_id, (follow.user, []))
        entry[1].append((follow.challenge, by_challenge[follow.challenge_id]))
    for person, sections in per_person.values():
        send_templated_mail(
            "practices/mail/digest",
            to=person.email,
            language=person.language,
            context={
                "person": person,
                "sections": sections,
                "day": day,
                "site_url": settings.SITE_URL,
            },
        )
    return len(per_person)


# Stories and news ----------------------------------------------------------------------


@transaction.atomic
def save_story(
    story: Story | None,
    *,
    saved_by: Actor | None,
    kind: str,
    city: City | None,
    texts: Mapping[str, Mapping[str, str]],
    is_published: bool,
    original_language: str = "en",
    is_demo: bool = False,
) -> Story:
    """Write or change a city story or a piece of news, with its texts per language."""
    is_new = story is None
    was_published = bool(story and story.is_published)
    if story is None:
        first = next((f["title"] for f in texts.values() if f.get("title")), "") or "story"
        base = slugify(first)[:70] or "story"
        slug, number = base, 2
        while Story.objects.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        story = Story(slug=slug, author=actors.author(saved_by))
    story.kind, story.city, story.original_language = kind, city, original_language
    story.is_published, story.is_demo = is_published, is_demo
    if is_published and not story.published_at:
        story.published_at = timezone.now()
    story.full_clean()
    story.save()
    changes: dict[str, tuple] = {}
    for language, fields in texts.items():
        existing = StoryTranslation.objects.filter(story=story, language=language).first()
        if not fields.get("title"):
            if existing:
                existing.delete()
                changes[f"{language}.title"] = (existing.title, None)
            continue
        text = existing or StoryTranslation(story=story, language=language)
        for name in ("title", "body"):
            if getattr(text, name, "") != fields.get(name, ""):
                changes[f"{language}.{name}"] = (getattr(text, name, None), fields.get(name, ""))
            setattr(text, name, fields.get(name, ""))
        text.full_clean(exclude=["story"])
        text.save()
    if not StoryTranslation.objects.filter(story=story).exists():
        raise ValidationError(_("Write the story in at least one language."))
    record_activity(
        saved_by,
        "story.created" if is_new else "story.updated",
        story,
        changes=changes | {"is_published": (was_published, is_published)},
    )
    if is_published or was_published:
        invalidate_public_pages_on_commit("practices")
    return story
