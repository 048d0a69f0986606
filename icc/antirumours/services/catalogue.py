"""Writes of the network's rumour catalogue: rumours, counter-arguments, review.

The secretariat writes and publishes; a city proposes, and its proposal waits for the
secretariat's review (as a practice waits for a moderator). A rumour is published only
with its statement in English and French and at least one counter-argument; a factual
counter-argument needs its source (title, publisher and an http(s) link).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.antirumours import notifications
from icc.antirumours.models import CounterArgument, Rumour, Theme
from icc.antirumours.permissions import (
    can_add_rumour,
    can_edit_rumour,
    can_moderate_catalogue,
    proposing_cities,
    require,
)
from icc.antirumours.selectors import RUMOUR_DOCUMENTS, rumour_documents
from icc.core.activity import record_activity
from icc.core.actors import author
from icc.core.page_cache import invalidate_public_pages_on_commit
from icc.core.versions import VersionConflict, advance_version
from icc.network.models import City
from icc.practices.selectors import index_search_documents

SCOPE = "antirumours"


def _index(rumour: Rumour) -> None:
    """Keep the rumour's texts in the catalogue's search tables (the practices' engine)."""
    index_search_documents(RUMOUR_DOCUMENTS, rumour_documents([rumour]))


def check_link(url: str) -> None:
    """Refuse a source link that is not an http(s) address (``javascript:``, ``data:``…)."""
    if url and not url.lower().startswith(("http://", "https://")):
        raise ValidationError(
            {"source_url": _("The link to the source must start with http:// or https://.")}
        )


def add_theme(*, by: Actor | None, name_en: str, name_fr: str) -> Theme:
    """Add a theme to the catalogue beside the four classic ones (the secretariat)."""
    from django.utils.text import slugify

    require(can_moderate_catalogue(by))
    name_en, name_fr = name_en.strip(), name_fr.strip()
    if not name_en or not name_fr:
        raise ValidationError(_("Name the theme in English and in French."))
    slug = slugify(name_en)[:60] or "theme"
    with transaction.atomic():
        if (
            Theme.objects.filter(slug=slug).exists()
            or Theme.objects.filter(name_en__iexact=name_en).exists()
        ):
            raise ValidationError({"name_en": _("The catalogue has a theme of this name.")})
        theme = Theme.objects.create(slug=slug, name_en=name_en, name_fr=name_fr)
        record_activity(by, "antirumours.theme.added", theme)
        invalidate_public_pages_on_commit(SCOPE)
    return theme


def clean_other_statements(other_statements: Any) -> dict[str, str]:
    """Return the statement in other languages, by language code, or raise.

    EN and FR have their own fields; another language is one of Django's language codes,
    its statement 300 characters at most.
    """
    from django.conf import global_settings

    known = {code for code, _name in global_settings.LANGUAGES if code not in ("en", "fr")}
    if not isinstance(other_statements, dict):
        raise ValidationError(_("The statements in other languages are not readable."))
    cleaned = {}
    for code, text in other_statements.items():
        if code not in known:
            raise ValidationError(
                _("“%(code)s” is not a language code.") % {"code": str(code)[:12]}
            )
        text = str(text or "").strip()
        if len(text) > 300:
            raise ValidationError(_("A statement has 300 characters at most."))
        if text:
            cleaned[code] = text
    return cleaned


def create_rumour(
    *,
    by: Actor | None,
    theme: Theme,
    statement_en: str,
    statement_fr: str,
    city: City | None = None,
    other_statements: dict[str, str] | None = None,
) -> Rumour:
    """Write a rumour: the secretariat's stays a draft, a city's waits for review."""
    require(can_add_rumour(by))
    others = clean_other_statements(other_statements or {})
    if city is not None:
        require(city in proposing_cities(by))
    elif not can_moderate_catalogue(by):
        raise ValidationError(_("Choose the city that proposes the rumour."))
    if not (statement_en.strip() or statement_fr.strip()):
        raise ValidationError(_("Write the rumour in English or in French."))
    with transaction.atomic():
        rumour = Rumour(
            theme=theme,
            statement_en=statement_en.strip(),
            statement_fr=statement_fr.strip(),
            other_statements=others,
            proposed_by_city=city,
            status=Rumour.Status.SUBMITTED if city is not None else Rumour.Status.DRAFT,
            created_by=author(by),
        )
        rumour.save()
        _index(rumour)
        record_activity(by, "antirumours.rumour.created", rumour)
        if city is not None:
            notifications.rumour_proposed(rumour, by=by)
    return rumour


def update_rumour(
    rumour: Rumour, *, by: Actor | None, expected_version: int | None, **fields: Any
) -> Rumour:
    """Change a rumour's theme and statements; a stale copy raises ``VersionConflict``."""
    require(can_edit_rumour(by, rumour))
    if not (fields.get("statement_en", "").strip() or fields.get("statement_fr", "").strip()):
        raise ValidationError(_("Write the rumour in English or in French."))
    if "other_statements" in fields:
        fields["other_statements"] = clean_other_statements(fields["other_statements"])
    with transaction.atomic():
        if not advance_version(Rumour, rumour.pk, expected=expected_version):
            stored = Rumour.objects.get(pk=rumour.pk)
            raise VersionConflict(
                mine=fields,
                theirs={name: getattr(stored, name) for name in fields},
                version=stored.version,
            )
        for name, value in fields.items():
            setattr(rumour, name, value.strip() if isinstance(value, str) else value)
        rumour.version = (expected_version or rumour.version) + 1
        rumour.save()
        _index(rumour)
        record_activity(by, "antirumours.rumour.updated", rumour)
        if rumour.is_published:
            invalidate_public_pages_on_commit(SCOPE)
    return rumour


def add_counter(rumour: Rumour, *, by: Actor | None, **fields: Any) -> CounterArgument:
    """Add a counter-argument; a factual one needs its source, with an http(s) link."""
    require(can_edit_rumour(by, rumour))
    counter = CounterArgument(rumour=rumour, **fields)
    check_link(counter.source_url)
    if counter.kind == CounterArgument.Kind.FACTUAL and not (
        counter.source_title.strip() and counter.source_publisher.strip() and counter.source_url
    ):
        raise ValidationError(
            _("A factual counter-argument needs its source: a title, a publisher and a link.")
        )
    if not (counter.text_en.strip() and counter.text_fr.strip()):
        raise ValidationError(_("Write the counter-argument in English and in French."))
    counter.full_clean(exclude=["rumour"])
    with transaction.atomic():
        counter.save()
        _index(rumour)
        record_activity(by, "antirumours.counter.added", counter, about=rumour)
        if rumour.is_published:
            invalidate_public_pages_on_commit(SCOPE)
    return counter


def publish_problems(rumour: Rumour) -> list[str]:
    """Return why the rumour cannot be published yet (empty when it can)."""
    problems = []
    if not (rumour.statement_en and rumour.statement_fr):
        problems.append(_("The rumour needs its statement in English and in French."))
    if not rumour.counters.exists():
        problems.append(_("The rumour needs at least one counter-argument."))
    return problems


def submit_rumour(rumour: Rumour, *, by: Actor | None) -> Rumour:
    """Send a draft for review (the proposing city or the secretariat)."""
    require(can_edit_rumour(by, rumour) and rumour.status == Rumour.Status.DRAFT)
    with transaction.atomic():
        rumour.status = Rumour.Status.SUBMITTED
        rumour.save(update_fields=["status"])
        record_activity(by, "antirumours.rumour.submitted", rumour)
    return rumour


def decide_rumour(rumour: Rumour, *, by: Actor | None, publish: bool, note: str = "") -> Rumour:
    """Publish a rumour or leave it out of the catalogue (the secretariat)."""
    require(can_moderate_catalogue(by) and rumour.status != Rumour.Status.PUBLISHED)
    if publish:
        problems = publish_problems(rumour)
        if problems:
            raise ValidationError(problems)
    with transaction.atomic():
        rumour.status = Rumour.Status.PUBLISHED if publish else Rumour.Status.REJECTED
        rumour.review_note = note
        if publish:
            rumour.published_at = timezone.now()
        rumour.save(update_fields=["status", "review_note", "published_at"])
        verb = "antirumours.rumour.published" if publish else "antirumours.rumour.rejected"
        record_activity(by, verb, rumour)
        notifications.rumour_decided(rumour, by=by)
        invalidate_public_pages_on_commit(SCOPE)
    return rumour
