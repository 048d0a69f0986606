"""Every write to good practices, whatever the interface; each keeps the search index in step."""

import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from icc.core.activity import record_activity
from icc.core.page_cache import invalidate_public_pages
from icc.core.translations import write_texts
from icc.network.models import City
from icc.practices import search
from icc.practices.areas import area_codes
from icc.practices.models import (
    Answer,
    Challenge,
    ChallengeFollow,
    Practice,
    PracticeArea,
    PracticeAttachment,
    PracticeTranslation,
    Question,
    Story,
    StoryTranslation,
)

THUMBNAIL_SIZE = (480, 480)
RECORD_FIELDS = (
    "level",
    "city",
    "national_network",
    "owner_name",
    "country",
    "original_language",
    "target_groups",
    "started_year",
    "ended_year",
    "contacts",
    "links",
    "is_demo",
)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "practice"
    slug, number = base, 2
    while Practice.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _set_texts(practice: Practice, texts: Mapping[str, Mapping[str, str]]) -> dict[str, tuple]:
    """Write the texts given per language (an empty title removes that language)."""
    changes = write_texts(practice, PracticeTranslation, "practice", texts)
    if not PracticeTranslation.objects.filter(practice=practice).exists():
        raise ValidationError(_("Write the practice in at least one language."))
    return changes


def _set_areas(practice: Practice, codes: Sequence[str]) -> dict[str, tuple]:
    unknown = sorted(set(codes) - set(area_codes()))
    if unknown:
        raise ValidationError(_("Unknown Index area: %(codes)s.") % {"codes": ", ".join(unknown)})
    before = sorted(PracticeArea.objects.filter(practice=practice).values_list("area", flat=True))
    after = sorted(set(codes))
    if before == after:
        return {}
    PracticeArea.objects.filter(practice=practice).exclude(area__in=after).delete()
    PracticeArea.objects.bulk_create(
        [PracticeArea(practice=practice, area=code) for code in after if code not in before]
    )
    return {"areas": (before, after)}


def _set_challenges(practice: Practice, challenges: Sequence[Challenge]) -> dict[str, tuple]:
    before = sorted(practice.challenges.values_list("slug", flat=True))
    after = sorted(challenge.slug for challenge in challenges)
    if before == after:
        return {}
    practice.challenges.set(challenges)
    return {"challenges": (before, after)}


def _check_owner(practice: Practice) -> None:
    if practice.city is not None and not practice.country:
        practice.country = practice.city.country
    if practice.national_network is not None and not practice.country:
        practice.country = practice.national_network.country
    if practice.level == Practice.Level.LOCAL and not practice.city_id:
        raise ValidationError({"city": _("A local practice belongs to a city.")})
    if practice.level != Practice.Level.LOCAL and not (
        practice.national_network_id or practice.owner_name or practice.city_id
    ):
        raise ValidationError(
            {"owner_name": _("Name the region or national body that carries the practice.")}
        )


@transaction.atomic
def create_practice(
    *,
    created_by: Any,
    record: Mapping[str, Any],
    texts: Mapping[str, Mapping[str, str]],
    areas: Sequence[str] = (),
    challenges: Sequence[Challenge] = (),
) -> Practice:
    """Write a new practice as a draft, with its texts per language, areas and challenges.

    Raises ``ValidationError`` (and saves nothing) when the record is invalid.
    """
    practice = Practice(
        created_by=created_by if getattr(created_by, "pk", None) else None, **record
    )
    _check_owner(practice)
    first_title = next((fields["title"] for fields in texts.values() if fields.get("title")), "")
    practice.slug = _unique_slug(first_title)
    practice.full_clean(exclude=["slug"])
    practice.save()
    changes = _set_texts(practice, texts)
    changes |= _set_areas(practice, areas)
    changes |= _set_challenges(practice, challenges)
    record_activity(created_by, "practice.created", practice, changes=changes)
    return practice


@transaction.atomic
def update_practice(
    practice: Practice,
    *,
    changed_by: Any,
    record: Mapping[str, Any] | None = None,
    texts: Mapping[str, Mapping[str, str]] | None = None,
    areas: Sequence[str] | None = None,
    challenges: Sequence[Challenge] | None = None,
) -> Practice:
    """Change the practice, record every old and new value, and re-index it when published."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    changes: dict[str, tuple] = {}
    for name, value in (record or {}).items():
        old = getattr(practice, name)
        if old != value:
            changes[name] = (old, value)
            setattr(practice, name, value)
    _check_owner(practice)
    practice.full_clean()
    practice.save()
    if texts is not None:
        changes |= _set_texts(practice, texts)
    if areas is not None:
        changes |= _set_areas(practice, areas)
    if challenges is not None:
        changes |= _set_challenges(practice, challenges)
    if changes:
        record_activity(changed_by, "practice.updated", practice, changes=changes)
    if practice.status == Practice.Status.PUBLISHED:
        search.index_practice(practice)
        transaction.on_commit(invalidate_public_pages)
    return practice


def _change_status(
    practice: Practice, status: str, *, actor: Any, verb: str, **fields: Any
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
        transaction.on_commit(invalidate_public_pages)
    return practice


@transaction.atomic
def submit_practice(practice: Practice, *, submitted_by: Any) -> Practice:
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
def publish_practice(practice: Practice, *, published_by: Any) -> Practice:
    """Publish a submitted practice: visitors see it and search finds it."""
    if practice.status != Practice.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted practice can be published."))
    return _change_status(
        practice,
        Practice.Status.PUBLISHED,
        actor=published_by,
        verb="practice.published",
        published_at=practice.published_at or timezone.now(),
    )


@transaction.atomic
def reject_practice(practice: Practice, *, rejected_by: Any, reason: str) -> Practice:
    """Send a submitted practice back to its authors as a draft, with the reason."""
    if practice.status != Practice.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted practice can be sent back."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the practice is sent back.")})
    return _change_status(
        practice,
        Practice.Status.DRAFT,
        actor=rejected_by,
        verb="practice.rejected",
        rejection_reason=reason.strip(),
    )


@transaction.atomic
def unpublish_practice(practice: Practice, *, unpublished_by: Any) -> Practice:
    """Take a published practice off the public pages and the index, back to draft."""
    if practice.status != Practice.Status.PUBLISHED:
        raise ValidationError(_("Only a published practice can be withdrawn."))
    return _change_status(
        practice, Practice.Status.DRAFT, actor=unpublished_by, verb="practice.unpublished"
    )


@transaction.atomic
def delete_practice(practice: Practice, *, deleted_by: Any) -> None:
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
        transaction.on_commit(invalidate_public_pages)


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
    practice: Practice, *, added_by: Any, upload: UploadedFile, title: str, content_type: str
) -> PracticeAttachment:
    """Join a checked file to the practice; images get a JPEG thumbnail.

    ``content_type`` is the type found from the content (``core.uploads``), not the one the browser sent.
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
        transaction.on_commit(invalidate_public_pages)
    return attachment


@transaction.atomic
def remove_attachment(attachment: PracticeAttachment, *, removed_by: Any) -> None:
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
        transaction.on_commit(invalidate_public_pages)


@transaction.atomic
def save_challenge(
    *, saved_by: Any, slug: str, names: Mapping[str, str], is_active: bool = True
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
    transaction.on_commit(invalidate_public_pages)
    return challenge


# Questions to the network ---------------------------------------------------------------


@transaction.atomic
def ask_question(
    *,
    asked_by: Any,
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
        asked_by=asked_by,
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
    author: Any,
    city: City | None,
    body: str,
    language: str,
    is_demo: bool = False,
) -> Answer:
    """Add a city's answer to a question."""
    answer = Answer(
        question=question, author=author, city=city, body=body, language=language, is_demo=is_demo
    )
    answer.full_clean()
    answer.save()
    record_activity(
        author, "question.answered", answer, about=question, changes={"answer": (None, body)}
    )
    return answer


@transaction.atomic
def mark_answer_helpful(answer: Answer, *, marked_by: Any, is_helpful: bool = True) -> Answer:
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
def follow_challenge(challenge: Challenge, *, user: Any, follow: bool = True) -> bool:
    """Start or stop the person's daily digest of questions on ``challenge``."""
    if follow:
        ChallengeFollow.objects.get_or_create(user=user, challenge=challenge)
    else:
        ChallengeFollow.objects.filter(user=user, challenge=challenge).delete()
    record_activity(user, "challenge.followed" if follow else "challenge.unfollowed", challenge)
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
    saved_by: Any,
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
        story = Story(slug=slug, author=saved_by if getattr(saved_by, "pk", None) else None)
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
        transaction.on_commit(invalidate_public_pages)
    return story
