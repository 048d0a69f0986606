"""The calendar pages: what visitors read, and what managers write through the forms."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from icc.core.models import Activity
from icc.events.models import Event
from icc.events.tests.conftest import plan_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


def test_the_calendar_lists_events_to_come_and_under_way_soonest_first(lyon, reci, today):
    plan_event("Next month", today + timedelta(days=30))
    plan_event("Under way", today - timedelta(days=1), ends_on=today + timedelta(days=1))
    plan_event("Over", today - timedelta(days=3))
    plan_event("Draft", today + timedelta(days=2), publish=False)

    page = Client().get("/en/events/").content.decode()

    assert page.index("Under way") < page.index("Next month")
    assert "Over" not in page and "Draft" not in page
    assert "2 events" in page


def test_past_events_come_latest_first_by_pages(lyon, today):
    for number in range(1, 23):
        plan_event(f"Past event {number:02}", today - timedelta(days=number))

    first = Client().get("/en/events/past/").content.decode()
    second = Client().get("/en/events/past/?page=2").content.decode()

    assert "22 events" in first
    assert first.index("Past event 01") < first.index("Past event 02")
    assert "Past event 21" not in first and "Past event 21" in second
    assert "Page 2 of 2" in second


def test_the_calendar_filters_by_kind_and_national_network(lyon, reci, today):
    plan_event("Webinar", today + timedelta(days=3), kind="webinar")
    plan_event("Academy", today + timedelta(days=4), kind="academy")
    plan_event("RECI day", today + timedelta(days=5), national_network=reci)

    webinars = Client().get("/en/events/?kind=webinar").content.decode()
    reci_only = Client().get("/en/events/?network=reci").content.decode()
    whole = Client().get("/en/events/?network=-").content.decode()
    unknown = Client().get("/en/events/?kind=party").content.decode()

    assert "Webinar" in webinars and "Academy" not in webinars
    assert 'href="/en/events/calendar.ics?kind=webinar"' in webinars
    assert "RECI day" in reci_only and "Academy" not in reci_only
    assert "RECI day" not in whole and "Academy" in whole
    assert "3 events" in unknown


def test_an_event_in_the_other_language_says_so(lyon, today):
    event = plan_event("Only in English", today + timedelta(days=3))

    with translation.override("fr"):
        url = event.get_absolute_url()
    page = Client().get(url).content.decode()

    assert "Only in English" in page
    assert 'lang="en"' in page
    assert '<p class="notice" lang="fr">' in page


def test_the_description_is_markdown_without_scripts(lyon, today):
    event = plan_event(
        "Academy",
        today + timedelta(days=3),
        description=(
            '**Programme** <script>alert(1)</script> [x](javascript:alert(1)) <a onclick="x">y</a>'
        ),
    )

    page = Client().get(event.get_absolute_url()).content.decode()

    assert "<strong>Programme</strong>" in page
    assert "<script>alert" not in page
    assert "javascript:" not in page
    assert "onclick" not in page


def test_a_cancelled_event_is_marked_on_its_page(secretariat, lyon, today):
    event = plan_event("Cancelled lab", today + timedelta(days=3))

    secretariat.client().post(f"/en/events/{event.pk}/cancel/")
    page = Client().get(event.get_absolute_url()).content.decode()

    assert Event.objects.get(pk=event.pk).status == Event.Status.CANCELLED
    assert "This event is cancelled." in page


def test_the_event_page_offers_its_pdf(lyon, today):
    event = plan_event("Annual meeting", today + timedelta(days=3))

    response = Client().get(f"{event.get_absolute_url()}?format=pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Annual meeting" in text


FORM = {
    "kind": "academy",
    "starts_on": "2027-06-14",
    "ends_on": "2027-06-16",
    "venue": "Palais de l'Europe",
    "audience": "network",
    "original_language": "en",
    "en-title": "Academy on mediation",
    "en-description": "Three days.",
    "fr-title": "",
    "fr-description": "",
}


def test_the_secretariat_adds_a_draft_then_publishes_it(secretariat, lyon):
    client = secretariat.client()

    response = client.post("/en/events/new/", FORM)

    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert event.status == Event.Status.DRAFT
    assert Client().get(event.get_absolute_url()).status_code == 404

    client.post(f"/en/events/{event.pk}/publish/")

    assert Client().get(event.get_absolute_url()).status_code == 200
    assert "Academy on mediation" in Client().get("/en/events/").content.decode()


def test_dates_in_the_wrong_order_are_refused_on_the_form(secretariat, lyon):
    response = secretariat.client().post("/en/events/new/", FORM | {"ends_on": "2027-06-01"})

    assert response.status_code == 200
    assert "The last day cannot come before the first day." in response.content.decode()
    assert not Event.objects.exists()
    assert not Activity.objects.filter(verb__startswith="event.").exists()


def test_editing_changes_the_texts_and_keeps_the_other_language(secretariat, lyon, today):
    event = plan_event("Academy", today + timedelta(days=3), french="Académie")
    client = secretariat.client()

    form = client.get(f"/en/events/{event.pk}/edit/").context["form"]
    response = client.post(
        f"/en/events/{event.pk}/edit/",
        {name: value for name, value in form.initial.items() if value is not None}
        | {
            "starts_on": str(event.starts_on),
            "ends_on": str(event.ends_on),
            "en-title": "Academy, new title",
            "fr-title": "Académie",
        },
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.text("en").title == "Academy, new title"
    assert event.text("fr").title == "Académie"
    assert event.sequence == 1


def test_the_list_reads_its_events_in_a_fixed_number_of_queries(
    lyon, reci, today, django_assert_max_num_queries
):
    for number in range(15):
        plan_event(f"Event {number}", today + timedelta(days=number), national_network=reci)

    with django_assert_max_num_queries(8):
        Client().get("/en/events/")


def test_managers_read_the_event_timeline_and_visitors_do_not(secretariat, lyon, today):
    event = plan_event("Webinar", today + timedelta(days=3), by=secretariat.user)

    managed = secretariat.client().get(event.get_absolute_url()).content.decode()
    public = Client().get(event.get_absolute_url()).content.decode()

    assert "published the event" in managed and "added the event" in managed
    assert "Timeline" not in public
