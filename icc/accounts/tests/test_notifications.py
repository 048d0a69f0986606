"""The notification mechanism: who is told, in which language, and when mail leaves."""

from datetime import date

import pytest
from django.core import mail
from django.utils import translation

from icc.accounts import notifications
from icc.accounts.models import Notification, User
from icc.accounts.services import set_notification_frequency
from icc.network import services as network_services
from icc.network.models import City

pytestmark = pytest.mark.django_db


def suspend(city, by, reason="Fees unpaid for two years"):
    return network_services.change_city_status(
        city, to=City.Status.SUSPENDED, reason=reason, changed_on=date(2026, 1, 5), changed_by=by
    )


def test_the_city_people_are_told_but_not_the_actor_nor_others(personas):
    suspend(personas["lyon_coordinator"].user.grants.get().city, personas["secretariat"].user)

    told = set(Notification.objects.values_list("recipient__email", flat=True))
    assert told == {"coordinator@lyon.test", "editor@lyon.test"}


def test_nobody_is_told_of_their_own_act(secretariat, lyon_coordinator, lyon):
    rows = notifications.notify(
        [lyon_coordinator.user, lyon_coordinator.user],
        kind="city.suspended",
        target=lyon,
        actor=lyon_coordinator.user,
        context={"city": "Lyon", "reason": "x"},
    )

    assert rows == []
    assert not Notification.objects.exists()


def test_an_inactive_person_is_not_told(lyon_coordinator, lyon, secretariat):
    User.objects.filter(pk=lyon_coordinator.user.pk).update(is_active=False)
    lyon_coordinator.user.refresh_from_db()

    notifications.notify(
        [lyon_coordinator.user], kind="city.suspended", target=lyon, actor=secretariat.user
    )

    assert not Notification.objects.exists()


def test_the_message_is_written_in_the_readers_language_when_read(
    lyon, lyon_coordinator, secretariat
):
    suspend(lyon, secretariat.user, reason="Cotisation impayée")
    notification = Notification.objects.get(recipient=lyon_coordinator.user)

    english = notifications.render_message(notification, "en")
    french = notifications.render_message(notification, "fr")

    assert english == "Lyon: membership suspended by Sam Secretariat. Reason: Cotisation impayée"
    assert (
        french
        == "Lyon\u00a0: adhésion suspendue par Sam Secretariat. Motif\u00a0: Cotisation impayée"
    )
    assert notification.params["city"] == {"by_language": {"en": "Lyon", "fr": "Lyon"}}


def test_the_link_is_stored_once_and_given_in_the_readers_language(
    lyon, lyon_coordinator, secretariat
):
    with translation.override("fr"):
        suspend(lyon, secretariat.user)
    notification = Notification.objects.get(recipient=lyon_coordinator.user)

    assert notification.link == "/en/cities/lyon/"
    assert notifications.link_in(notification.link, "fr") == "/fr/villes/lyon/"


def test_a_translatable_parameter_is_kept_as_its_message_id(lyon, lyon_coordinator, secretariat):
    from django.utils.translation import gettext_lazy

    with translation.override("fr"):
        notifications.notify(
            [lyon_coordinator.user],
            kind="role.withdrawn",
            target=None,
            actor=secretariat.user,
            context={"role": gettext_lazy("City coordinator"), "scope": "Lyon", "reason": "r"},
            link="",
        )
    notification = Notification.objects.get()

    assert notification.params["role"] == {"msgid": "City coordinator"}
    assert "coordinateur" in notifications.render_message(notification, "fr").lower()


def test_an_immediate_mail_leaves_only_after_the_commit_in_the_readers_language(
    lyon, lyon_coordinator, lyon_editor, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        suspend(lyon, secretariat.user)
        assert mail.outbox == []

    assert len(callbacks) >= 2
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {"coordinator@lyon.test", "editor@lyon.test"}
    message = sent["coordinator@lyon.test"]
    assert message.subject.startswith("Lyon\u00a0: adhésion suspendue par Sam Secretariat")
    assert "http://testserver/fr/villes/lyon/" in message.body
    assert "http://testserver/fr/accounts/parametres/" in message.body
    assert message.alternatives[0][0].startswith("<!DOCTYPE html>")
    assert Notification.objects.unmailed().count() == 0


def test_mailing_a_notification_twice_sends_one_mail(lyon, lyon_coordinator, secretariat):
    suspend(lyon, secretariat.user)
    notification = Notification.objects.get(recipient=lyon_coordinator.user)

    assert notifications.mail_notification(notification.pk) is True
    assert notifications.mail_notification(notification.pk) is False
    assert len(mail.outbox) == 1


def test_a_daily_reader_gets_no_mail_at_once_but_one_digest_with_every_item(
    lyon, lyon_coordinator, lyon_editor, secretariat, django_capture_on_commit_callbacks
):
    set_notification_frequency(lyon_coordinator.user, User.NotificationFrequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        suspend(lyon, secretariat.user, reason="First")
    with django_capture_on_commit_callbacks(execute=True):
        network_services.change_city_status(
            lyon,
            to=City.Status.MEMBER,
            reason="Paid",
            changed_on=date(2026, 2, 1),
            changed_by=secretariat.user,
        )
    assert [message.to for message in mail.outbox] == [["editor@lyon.test"]] * 2
    mail.outbox.clear()

    sent = notifications.send_notification_digests()

    assert sent == 1
    [digest] = mail.outbox
    assert digest.to == ["coordinator@lyon.test"]
    assert (
        digest.subject == "2 nouvelles notifications sur la plateforme des Cités interculturelles"
    )
    assert "Lyon\u00a0: adhésion suspendue par Sam Secretariat" in digest.body
    assert "Lyon\u00a0: adhésion rétablie par Sam Secretariat" in digest.body
    assert not lyon_coordinator.user.notifications.unmailed().exists()
    assert notifications.send_notification_digests() == 0
    assert len(mail.outbox) == 1


def test_the_digest_leaves_out_what_was_read_and_marks_it_handled(
    lyon, lyon_coordinator, secretariat
):
    set_notification_frequency(lyon_coordinator.user, User.NotificationFrequency.DAILY)
    suspend(lyon, secretariat.user)
    notifications.mark_all_read(lyon_coordinator.user)

    assert notifications.send_notification_digests() == 0
    assert mail.outbox == []
    assert not lyon_coordinator.user.notifications.unmailed().exists()


def test_the_digest_is_a_registered_daily_job():
    from icc.core.background import daily_jobs

    assert "icc.accounts.tasks.send_notification_digests" in daily_jobs()


def test_the_daily_job_sends_the_digests(lyon, lyon_coordinator, secretariat):
    from icc.accounts.tasks import send_notification_digests

    set_notification_frequency(lyon_coordinator.user, User.NotificationFrequency.DAILY)
    suspend(lyon, secretariat.user)

    result = send_notification_digests.enqueue(day="2026-01-06")

    assert result.return_value == 1
    assert mail.outbox[0].to == ["coordinator@lyon.test"]


def test_marking_read_counts_down(lyon, lyon_coordinator, secretariat):
    suspend(lyon, secretariat.user)
    suspend_again = network_services.change_city_status
    suspend_again(
        lyon,
        to=City.Status.MEMBER,
        reason="Paid",
        changed_on=date(2026, 2, 1),
        changed_by=secretariat.user,
    )
    first = lyon_coordinator.user.notifications.last()

    assert notifications.unread_count(lyon_coordinator.user) == 2
    notifications.mark_read(first)
    assert notifications.unread_count(lyon_coordinator.user) == 1
    assert notifications.mark_all_read(lyon_coordinator.user) == 1
    assert notifications.unread_count(lyon_coordinator.user) == 0


def test_what_the_platform_does_itself_tells_nobody(lyon, lyon_coordinator):
    suspend(lyon, None)

    assert not Notification.objects.exists()


def test_changing_the_mail_frequency_is_recorded(lyon_coordinator):
    from icc.core.models import Activity

    set_notification_frequency(lyon_coordinator.user, User.NotificationFrequency.DAILY)

    lyon_coordinator.user.refresh_from_db()
    assert lyon_coordinator.user.notification_frequency == "daily"
    assert Activity.objects.filter(verb="user.notification_frequency_changed").exists()


def test_a_persons_notifications_are_exported_and_erased_with_them(
    lyon, lyon_coordinator, secretariat
):
    from icc.accounts.personal_data import erase_person, export_person

    suspend(lyon, secretariat.user)

    data = export_person(lyon_coordinator.user, exported_by=secretariat.user)
    assert data["person"]["notification_frequency"] == "immediately"
    assert [row["kind"] for row in data["notifications"]] == ["city.suspended"]

    erase_person(lyon_coordinator.user, erased_by=secretariat.user)
    assert not Notification.objects.filter(recipient=lyon_coordinator.user).exists()
