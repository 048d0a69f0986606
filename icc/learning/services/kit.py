"""Every write to a city's communication kit: its key messages."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from icc.core.activity import record_activity
from icc.core.versions import VersionConflict, advance_version
from icc.learning.kit import MAX_MESSAGES, MESSAGE_CHARS
from icc.learning.models import LANGUAGES, CityKit
from icc.learning.services.authoring import clean_texts


@transaction.atomic
def save_kit_messages(
    city: Any,
    *,
    changed_by: Any,
    messages: Mapping[str, Sequence[str]],
    expected_version: int | None,
) -> CityKit:
    """Keep the key messages the city's people edited, per language (empty: the suggested ones).

    Raises ``ValidationError`` for a message over ``MESSAGE_CHARS`` characters or holding
    markup, and ``VersionConflict`` when someone saved meanwhile.
    """
    kit, _created = CityKit.objects.get_or_create(city=city)
    if not advance_version(CityKit, kit.pk, expected=expected_version):
        kit.refresh_from_db()
        raise VersionConflict(mine=dict(messages), theirs=kit.messages, version=kit.version)
    kept: dict[str, list[str]] = {}
    for language in LANGUAGES:
        lines = [line.strip() for line in messages.get(language, []) if line.strip()]
        for line in lines:
            if len(line) > MESSAGE_CHARS:
                raise ValidationError(
                    _("A key message has at most %(count)s characters.") % {"count": MESSAGE_CHARS}
                )
        for line in lines:
            clean_texts({language: {"message": line}}, ("message",))
        kept[language] = lines[:MAX_MESSAGES]
    kit.refresh_from_db()
    old = kit.messages
    kit.messages = kept
    kit.updated_by = changed_by if getattr(changed_by, "is_authenticated", False) else None
    kit.save(update_fields=["messages", "updated_by", "updated_at"])
    record_activity(
        changed_by, "kit.messages_changed", kit, about=city, changes={"messages": (old, kept)}
    )
    return kit
