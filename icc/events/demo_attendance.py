"""Demo registrations: the tenth-anniversary milestone event, full with a waiting list and a
whole agenda, and last year's annual meeting with its attendance recorded.

Loading twice changes nothing: each event is looked up by its English title first.
"""

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from icc.accounts.models import User
from icc.events import services
from icc.events.models import Event, EventTranslation
from icc.network.models import City

MILESTONE_EN = "Ten years of Intercultural Cities: the milestone conference"
ANNUAL_EN = "Annual meeting of the coordinators, last year"

PARTICIPANTS = [
    ("Amira Haddad", "fr"),
    ("Jonas Berg", "en"),
    ("Lucía Moreno", "en"),
    ("Paul Girard", "fr"),
    ("Sofia Ricci", "en"),
    ("Tomás Silva", "en"),
    ("Hanna Nowak", "en"),
    ("Claire Dubois", "fr"),
    ("Mehmet Yilmaz", "en"),
    ("Nora Lind", "en"),
    ("Élise Martin", "fr"),
    ("Kofi Mensah", "en"),
    ("Ines Costa", "en"),
    ("Marc Petit", "fr"),
]

# day, start hour, hours, English title, French title, room, speakers
AGENDA = [
    (
        0,
        9,
        1,
        "Opening: ten years of the network",
        "Ouverture : dix ans de réseau",
        "Plenary hall",
        "The Secretary General; the mayor of Lisbon",
    ),
    (
        0,
        10,
        2,
        "What the Index taught us",
        "Ce que l’Index nous a appris",
        "Plenary hall",
        "Two coordinators and the Index team",
    ),
    (
        0,
        14,
        2,
        "Workshop: anti-rumours in schools",
        "Atelier : l’anti-rumeurs à l’école",
        "Room 2",
        "Barcelona's anti-rumours agents",
    ),
    (
        0,
        16,
        1,
        "Workshop: welcoming newcomers",
        "Atelier : accueillir les nouveaux venus",
        "Room 3",
        "Oslo's welcome centre",
    ),
    (
        1,
        9,
        2,
        "The strategy and its vote",
        "La stratégie et son vote",
        "Plenary hall",
        "The secretariat",
    ),
    (
        1,
        11,
        1,
        "Declaration of the next ten years",
        "Déclaration des dix prochaines années",
        "Plenary hall",
        "Coordinators of the member cities",
    ),
]


def _people() -> list[User]:
    people = []
    for number, (name, language) in enumerate(PARTICIPANTS, start=1):
        email = f"participant{number}@icc.example"
        person = User.objects.filter(email=email).first() or User.objects.create_user(
            email, None, full_name=name, language=language
        )
        people.append(person)
    return people


def _event(
    title_en: str, title_fr: str, starts_on: Any, days: int, city: City | None, secretariat: Any
) -> Event:
    event = services.create_event(
        created_by=secretariat,
        record={
            "kind": Event.Kind.MEETING,
            "original_language": "en",
            "starts_on": starts_on,
            "ends_on": starts_on + timedelta(days=days - 1),
            "city": city,
            "venue": "Lisbon Congress Centre" if city else "",
            "audience": Event.Audience.NETWORK,
            "is_demo": True,
        },
        texts={
            "en": {"title": title_en, "description": "Invented for the demo."},
            "fr": {"title": title_fr, "description": "Inventé pour la démonstration."},
        },
    )
    return services.publish_event(event, published_by=secretariat)


def load(stdout: Any) -> None:
    """Add the milestone event and last year's annual meeting once."""
    known = set(EventTranslation.objects.filter(language="en").values_list("title", flat=True))
    secretariat = User.objects.filter(email="secretariat@icc.example").first()
    lisbon = City.objects.filter(slug="lisbon").first()
    people = _people()
    today = timezone.localdate()
    if MILESTONE_EN not in known:
        event = _event(
            MILESTONE_EN,
            "Dix ans de Cités interculturelles : la conférence",
            today + timedelta(days=45),
            2,
            lisbon,
            secretariat,
        )
        event = services.change_registration_settings(
            event,
            changed_by=secretariat,
            takes_registrations=True,
            capacity=12,
            attendance_code="TEN-YEARS",
        )
        for person in people:
            services.register(event, person=person)
        for day, hour, hours, title_en, title_fr, room, speakers in AGENDA:
            starts_at = timezone.make_aware(
                datetime.combine(event.starts_on + timedelta(days=day), time(hour))
            )
            services.add_session(
                event,
                added_by=secretariat,
                record={
                    "title_en": title_en,
                    "title_fr": title_fr,
                    "starts_at": starts_at,
                    "ends_at": starts_at + timedelta(hours=hours),
                    "room": room,
                    "speakers": speakers,
                },
            )
    if ANNUAL_EN not in known:
        starts_on = today - timedelta(days=330)
        event = _event(
            ANNUAL_EN,
            "Réunion annuelle des coordinateurs et coordinatrices, l’an dernier",
            starts_on,
            2,
            lisbon,
            secretariat,
        )
        # Registrations were open then; the past is written as it happened.
        Event.objects.filter(pk=event.pk).update(
            takes_registrations=True, ends_on=today, starts_on=today
        )
        event.refresh_from_db()
        for number, person in enumerate(people[:10]):
            registration = services.register(event, person=person)
            if number % 4:
                services.mark_attendance(registration, present=True, marked_by=secretariat)
        Event.objects.filter(pk=event.pk).update(
            starts_on=starts_on, ends_on=starts_on + timedelta(days=1)
        )
    stdout.write("Demo registrations: the milestone event and last year's annual meeting.")
