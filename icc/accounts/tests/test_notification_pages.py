"""The notifications page, the header's unread count and the account settings page."""

from datetime import date

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from icc.accounts.models import Notification, User
from icc.network import services as network_services
from icc.network.models import City

pytestmark = pytest.mark.django_db


@pytest.fixture
def told_twice(lyon, lyon_coordinator, secretariat):
    """Suspend and reinstate Lyon: its coordinator has two unread notifications."""
    for status, reason in ((City.Status.SUSPENDED, "Unpaid"), (City.Status.MEMBER, "Paid")):
        network_services.change_city_status(
            lyon, to=status, reason=reason, changed_on=date(2026, 1, 5), changed_by=secretariat.user
        )
    return list(lyon_coordinator.user.notifications.all())


def french(name, *args):
    with translation.override("fr"):
        return reverse(name, args=args)


def test_the_list_shows_the_readers_notifications_in_the_pages_language(
    told_twice, lyon_coordinator, oslo_coordinator
):
    page = lyon_coordinator.client().get(french("accounts:notification-list"))
    other = oslo_coordinator.client().get(french("accounts:notification-list"))

    assert page.status_code == 200
    assert "Lyon\u00a0: adhésion suspendue par Sam Secretariat. Motif\u00a0: Unpaid" in page.text
    assert "2 notifications non lues." in page.text
    assert "Unpaid" not in other.text


def test_the_list_is_paginated(lyon_coordinator, secretariat, lyon):
    from icc.accounts.notifications import notify

    for _ in range(25):
        notify([lyon_coordinator.user], kind="role.granted", target=lyon, actor=secretariat.user)

    first = lyon_coordinator.client().get(reverse("accounts:notification-list"))
    second = lyon_coordinator.client().get(reverse("accounts:notification-list") + "?page=2")

    assert first.text.count('<li class="notification') == 20
    assert second.text.count('<li class="notification') == 5
    assert "Page 2 of 2" in second.text


def test_opening_a_notification_marks_it_read_and_goes_to_its_page_in_french(
    told_twice, lyon_coordinator
):
    notification = told_twice[0]

    response = lyon_coordinator.client().get(french("accounts:notification-open", notification.pk))

    assert response.status_code == 302
    assert response["Location"] == "/fr/villes/lyon/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_nobody_opens_or_marks_anothers_notification(told_twice, oslo_coordinator):
    notification = told_twice[0]
    client = oslo_coordinator.client()

    opened = client.get(reverse("accounts:notification-open", args=[notification.pk]))
    marked = client.post(reverse("accounts:notification-read", args=[notification.pk]))

    assert (opened.status_code, marked.status_code) == (404, 404)
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_one_then_all_read(told_twice, lyon_coordinator):
    client = lyon_coordinator.client()

    client.post(reverse("accounts:notification-read", args=[told_twice[0].pk]))
    assert lyon_coordinator.user.notifications.unread().count() == 1
    response = client.post(reverse("accounts:notification-read-all"), follow=True)

    assert "1 notification marked as read." in response.text
    assert not lyon_coordinator.user.notifications.unread().exists()


def test_the_header_says_how_many_are_unread(told_twice, lyon_coordinator):
    page = lyon_coordinator.client().get(reverse("network:home"))
    french_page = lyon_coordinator.client().get(french("network:home"))

    assert '<span class="count-badge" aria-hidden="true">2</span>' in page.text
    assert '<span class="visually-hidden">, 2 unread</span>' in page.text
    assert '<span class="visually-hidden">, 2 non lues</span>' in french_page.text


def test_the_header_has_no_count_when_all_is_read(lyon_coordinator):
    page = lyon_coordinator.client().get(reverse("network:home"))

    assert "Notifications" in page.text
    assert "count-badge" not in page.text


@override_settings(ICC_PUBLIC_PAGE_CACHE_SECONDS=600)
def test_the_public_page_cache_never_keeps_a_persons_count(told_twice, lyon_coordinator):
    visitor_first = Client().get(reverse("network:home"))
    person = lyon_coordinator.client().get(reverse("network:home"))
    visitor_again = Client().get(reverse("network:home"))

    assert "count-badge" not in visitor_first.text
    assert ", 2 unread" in person.text
    assert "count-badge" not in visitor_again.text
    assert "Notifications" not in visitor_again.text


def test_the_settings_page_saves_the_mail_frequency(lyon_coordinator):
    client = lyon_coordinator.client()

    page = client.get(reverse("accounts:settings"))
    response = client.post(reverse("accounts:settings"), {"notification_frequency": "daily"})
    refused = client.post(reverse("accounts:settings"), {"notification_frequency": "hourly"})

    assert page.status_code == 200
    assert "City coordinator — Lyon" in page.text
    assert response.status_code == 302
    assert refused.status_code == 200
    lyon_coordinator.user.refresh_from_db()
    assert lyon_coordinator.user.notification_frequency == User.NotificationFrequency.DAILY


def test_visitors_are_sent_to_sign_in(visitor):
    response = Client().get(reverse("accounts:notification-list"))

    assert response.status_code == 302
    assert not Notification.objects.exists()
