"""Tell people what concerns them: the notifications every module sends.

A module calls ``notify()`` from its service, inside the write's transaction, and
registers the message of each kind it sends in its ``AppConfig.ready``
(``register_notification_kinds``). A notification stores its kind, its parameters
and a link, never a rendered sentence: it is written in the reader's language each
time it is shown or mailed (decision 0017).
"""

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from itertools import groupby
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.tasks import task
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext

from icc.accounts.actors import Actor
from icc.accounts.models import Notification, User
from icc.core.actors import author
from icc.core.mail import send_templated_mail

_MESSAGES: dict[str, Promise | str] = {}
# How a translatable parameter is stored: its message id, translated for each reader.
_MSGID = "msgid"
_BY_LANGUAGE = "by_language"


def register_notification_kinds(messages: Mapping[str, Promise | str]) -> None:
    """Register the translated message of each notification kind of an app.

    A message is a ``gettext_lazy`` string with named placeholders filled from the
    ``context`` given to ``notify()``; ``%(actor)s`` names who acted.
    """
    _MESSAGES.update(messages)


def in_each_language(text_in: Callable[[str], str]) -> dict[str, str]:
    """Return a parameter written in each language, such as a city's name in each.

    The reader gets theirs, else the default language's.
    """
    return {code: str(text_in(code)) for code, _name in settings.LANGUAGES}


def _stored(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {_BY_LANGUAGE: {str(code): str(text) for code, text in value.items()}}
    if isinstance(value, Promise):
        # Without an active language gettext answers the message id itself.
        with translation.override(None):
            return {_MSGID: str(value)}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def is_person(actor: Actor | None) -> bool:
    """Return whether a person acted, rather than the platform (the demo loader, a shortcut).

    Modules tell of what people do; what the platform sets up itself is not news.
    """
    return author(actor) is not None


def _neutral_path(path: str) -> str:
    """Return ``path`` under the default language's prefix, whichever language built it."""
    language = translation.get_language_from_path(path)
    if not language or language == settings.LANGUAGE_CODE:
        return path
    with translation.override(language):
        return translate_url(path, settings.LANGUAGE_CODE)


def link_in(path: str, language: str) -> str:
    """Return a stored link as the same page in ``language``."""
    if not path:
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(path, language)


def notify(
    recipients: Iterable[User],
    *,
    kind: str,
    target: models.Model | None,
    actor: Actor | None,
    context: Mapping[str, Any] | None = None,
    link: str | None = None,
) -> list[Notification]:
    """Tell ``recipients`` that ``actor`` did ``kind`` to ``target``, and return the rows.

    The actor and inactive people are left out and each person is told once. ``link``
    (a path) defaults to ``target.get_absolute_url()``. ``context`` values are text or
    ``gettext_lazy`` strings, the latter translated for each reader. The mail of those
    who want one at once is queued after the transaction commits.
    """
    person = author(actor)
    actor_id = person.pk if person is not None else None
    people = {person.pk: person for person in recipients if person.is_active}
    if actor_id is not None:
        people.pop(actor_id, None)
    if not people:
        return []
    if link is None:
        absolute_url = getattr(target, "get_absolute_url", None)
        with translation.override(settings.LANGUAGE_CODE):
            link = absolute_url() if absolute_url is not None else ""
    params = {name: _stored(value) for name, value in (context or {}).items()}
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                recipient=person,
                kind=kind,
                params=params,
                link=_neutral_path(link),
                actor_id=actor_id,
            )
            for person in people.values()
        ]
    )
    for notification in notifications:
        if notification.recipient.notification_frequency == User.NotificationFrequency.IMMEDIATELY:
            transaction.on_commit(
                partial(send_notification_mail.enqueue, notification_id=notification.pk)
            )
    return notifications


class _Params(dict[str, Any]):
    """Parameters in which one the message gained after the row was stored reads as empty."""

    def __missing__(self, key: str) -> str:
        return ""


def _shown(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if _MSGID in value:
        return gettext(value[_MSGID])
    texts = value.get(_BY_LANGUAGE, {})
    return texts.get(translation.get_language()) or texts.get(settings.LANGUAGE_CODE, "")


def render_message(notification: Notification, language: str | None = None) -> str:
    """Return the notification's sentence in ``language`` (the active one by default)."""
    with translation.override(language or translation.get_language()):
        template = _MESSAGES.get(notification.kind, notification.kind)
        params = {name: _shown(value) for name, value in notification.params.items()}
        params["actor"] = (
            str(notification.actor) if notification.actor_id else gettext("The platform")
        )
        try:
            return str(template) % _Params(params)
        except (TypeError, ValueError):
            # A message changed since the row was stored: show it without its details.
            return str(template)


@transaction.atomic
def mark_read(notification: Notification) -> None:
    """Mark one notification as read, if it is not already."""
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def mark_all_read(person: User) -> int:
    """Mark every unread notification of ``person`` as read; return how many."""
    return person.notifications.unread().update(read_at=timezone.now())


def unread_count(person: Actor) -> int:
    """Return how many notifications ``person`` has not read (none for a visitor)."""
    user = author(person)
    if user is None:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def _mail_context(person: User, notifications: list[Notification]) -> dict[str, Any]:
    site = settings.SITE_URL.rstrip("/")
    with translation.override(person.language):
        settings_url = site + reverse("accounts:settings")
        list_url = site + reverse("accounts:notification-list")
    items = [
        {
            "message": render_message(notification, person.language),
            "url": site + link_in(notification.link, person.language)
            if notification.link
            else list_url,
            "created_at": notification.created_at,
        }
        for notification in notifications
    ]
    return {"person": person, "items": items, "settings_url": settings_url, "list_url": list_url}


def mail_notification(notification_id: int) -> bool:
    """Mail one notification to its reader in their language; return whether a mail left.

    Safe to repeat: a notification already mailed is not mailed again.
    """
    notification = (
        Notification.objects.unmailed()
        .select_related("recipient", "actor")
        .filter(pk=notification_id, recipient__is_active=True)
        .first()
    )
    if notification is None:
        return False
    person = notification.recipient
    send_templated_mail(
        "accounts/mail/notification",
        to=person.email,
        language=person.language,
        context=_mail_context(person, [notification]),
    )
    Notification.objects.filter(pk=notification.pk).update(mailed_at=timezone.now())
    return True


@task()
def send_notification_mail(*, notification_id: int) -> None:
    """Mail one notification to its reader, in their language, unless already mailed.

    A task of this module, not of ``tasks.py``: ``notify`` queues it, and its body is
    ``mail_notification`` (``icc.accounts.tasks`` names it too).
    """
    mail_notification(notification_id)


def send_notification_digests() -> int:
    """Send each person who chose a daily mail one mail listing their unread notifications.

    Every notification not mailed yet is marked as handled, read or not: one opened in
    the platform needs no mail. Returns the number of mails sent.
    """
    pending = (
        Notification.objects.unmailed()
        .filter(
            recipient__is_active=True,
            recipient__notification_frequency=User.NotificationFrequency.DAILY,
        )
        .select_related("recipient", "actor")
        .order_by("recipient_id", "created_at", "id")
    )
    sent = 0
    for _recipient_id, rows in groupby(pending, key=lambda row: row.recipient_id):
        notifications = list(rows)
        person = notifications[0].recipient
        unread = [notification for notification in notifications if not notification.is_read]
        if unread:
            send_templated_mail(
                "accounts/mail/notification_digest",
                to=person.email,
                language=person.language,
                context=_mail_context(person, unread),
            )
            sent += 1
        Notification.objects.filter(pk__in=[row.pk for row in notifications]).update(
            mailed_at=timezone.now()
        )
    return sent
