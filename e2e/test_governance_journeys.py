"""Governance in the browser: a French amendment into the consolidated text, a vote from its
opening through a proxy to its result and a receipt check, and a registration from the
waiting list to a place and a certificate."""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from conftest import Persona
from e2e.conftest import NewPage, field_name, in_language, sign_in, url, user_of
from icc.events import services as event_services
from icc.events.models import Registration
from icc.events.tests.conftest import plan_event
from icc.governance.models import Amendment, Ballot
from icc.governance.tests.conftest import close_now, open_now, put_motion, write_document
from icc.network.models import City


def fr(text: str) -> str:
    return in_language("fr", text)


def en(text: str) -> str:
    return in_language("en", text)


def test_a_french_amendment_is_accepted_and_appears_in_the_consolidated_text(
    new_page: NewPage,
    lyon: City,
    lyon_coordinator: Persona,
    secretariat: Persona,
    secretariat_totp_secret: str,
) -> None:
    document = write_document()
    camille = new_page()
    sign_in(camille, user_of(lyon_coordinator).email, language="fr")
    camille.goto(url("fr", "governance:document-detail", pk=document.pk))
    camille.get_by_role(
        "link", name=fr("Propose an amendment to section %(number)s") % {"number": 1}
    ).click()
    camille.get_by_role("textbox", name=field_name("fr", "New wording in French")).fill(
        "Les villes accueillent chaque personne qui arrive."
    )
    camille.get_by_role(
        "checkbox", name=field_name("fr", "I wrote one language only: please translate it")
    ).check()
    camille.get_by_role("textbox", name=field_name("fr", "Reason", required=True)).fill(
        "Une formulation plus accueillante."
    )
    camille.get_by_role("button", name=fr("Propose the amendment")).click()
    expect(camille.get_by_role("status").first).to_have_text(fr("Your amendment is proposed."))
    amendment = Amendment.objects.get()

    sam = new_page()
    sign_in(sam, user_of(secretariat).email, totp_secret=secretariat_totp_secret)
    sam.goto(url("en", "governance:amendment-detail", pk=amendment.pk))
    sam.get_by_role("radio", name=en("Accept")).check()
    sam.get_by_role("textbox", name=field_name("en", "Translation into English")).fill(
        "Cities welcome every person who arrives."
    )
    sam.get_by_role("button", name=en("Record the decision")).click()
    expect(sam.get_by_role("status").first).to_have_text(en("The decision is recorded."))
    sam.goto(url("en", "governance:document-detail", pk=document.pk))
    sam.get_by_role("button", name=en("Publish a consolidated version")).click()
    dialog = sam.get_by_role("dialog")
    if dialog.count():
        dialog.get_by_role("button", name=en("Publish a consolidated version")).click()
    # The document's page has the same heading: wait for the publication itself.
    expect(sam.get_by_role("status").first).to_have_text(
        en("Version %(number)s of the text is published.") % {"number": 2}
    )

    camille.goto(url("fr", "governance:consolidated-text", pk=document.pk, number=2))
    expect(
        camille.get_by_text("Les villes accueillent chaque personne qui arrive.")
    ).to_be_visible()


def test_a_vote_from_its_opening_through_a_proxy_to_its_result_and_a_receipt(
    new_page: NewPage,
    lyon: City,
    oslo: City,
    lyon_coordinator: Persona,
    oslo_coordinator: Persona,
) -> None:
    motion = put_motion(quorum_percent=50)
    ingrid = new_page()
    sign_in(ingrid, user_of(oslo_coordinator).email)
    ingrid.goto(url("en", "governance:vote-detail", pk=motion.pk))
    ingrid.get_by_role(
        "combobox", name=field_name("en", "Give the proxy to", required=True)
    ).select_option(label="Lyon")
    ingrid.get_by_role("button", name=en("Give the proxy")).click()
    expect(ingrid.get_by_role("status").first).to_contain_text("Lyon")

    open_now(motion)
    camille = new_page()
    sign_in(camille, user_of(lyon_coordinator).email, language="fr")
    camille.goto(url("fr", "governance:vote-detail", pk=motion.pk))
    for city in ("Lyon", "Oslo"):
        ballot = camille.get_by_role("group", name=fr("Ballot of %(city)s") % {"city": city})
        ballot.get_by_role("radio", name="Approuver").check()
        camille.get_by_role(
            "button", name=fr("Cast the ballot of %(city)s") % {"city": city}
        ).click()
        expect(camille.get_by_role("status").first).to_contain_text(city)
    expect(camille.locator("#turnout")).to_contain_text("2")
    expect(camille.locator("#outcome")).to_have_count(0)
    receipt = Ballot.objects.get(city=lyon).receipt
    expect(camille.locator("code.receipt")).to_have_text(receipt)

    close_now(motion)
    camille.goto(url("fr", "governance:vote-detail", pk=motion.pk))
    expect(camille.locator("#outcome")).to_contain_text(fr("Adopted"))
    camille.goto(url("fr", "governance:receipt-check"))
    camille.get_by_role("textbox", name=field_name("fr", "Receipt code", required=True)).fill(
        receipt
    )
    camille.get_by_role("button", name=fr("Check")).click()
    expect(camille.locator("#receipt-counted")).to_be_visible()


def test_a_person_waits_gets_the_freed_place_and_downloads_the_certificate(
    new_page: NewPage, lyon_coordinator: Persona, oslo_coordinator: Persona
) -> None:
    event = plan_event("Milestone conference", timezone.localdate(), french="Conférence")
    event = event_services.change_registration_settings(
        event, changed_by=None, takes_registrations=True, capacity=1, attendance_code="TEN"
    )
    first = event_services.register(event, person=user_of(oslo_coordinator))
    camille = new_page()
    sign_in(camille, user_of(lyon_coordinator).email, language="fr")
    camille.goto(url("fr", "events:event-detail", pk=event.pk))
    camille.get_by_role("button", name=fr("Join the waiting list")).click()
    expect(camille.locator("#my-registration")).to_have_text(
        fr("You are on the waiting list; you will be told by mail when a place frees up.")
    )

    ingrid = new_page()
    sign_in(ingrid, user_of(oslo_coordinator).email)
    ingrid.goto(url("en", "events:event-detail", pk=event.pk))
    ingrid.get_by_role("button", name=en("Cancel my registration")).click()
    dialog = ingrid.get_by_role("dialog")
    if dialog.count():
        dialog.get_by_role("button", name=en("Cancel my registration")).click()
    expect(ingrid.get_by_role("status").first).to_have_text(en("Your registration is cancelled."))
    first.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    assert any(user_of(lyon_coordinator).email in m.to for m in mail.outbox)

    camille.reload()
    expect(camille.locator("#my-registration")).to_have_text(fr("You have a place at this event."))
    camille.get_by_role("textbox", name=re.compile(re.escape(fr("Attendance code")))).fill("ten")
    camille.get_by_role("button", name=fr("Record my attendance")).click()
    link = camille.get_by_role("link", name=fr("Download your certificate of attendance (PDF)"))
    # The link's own request, with the person's session: a PDF named in French.
    response = camille.request.get(link.get_attribute("href") or "", timeout=60_000)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].endswith('-fr.pdf"')
    assert response.body().startswith(b"%PDF-")
    assert event.ends_on >= timezone.localdate() - timedelta(days=1)
