"""Demo content of political commitment: invented office-holders, elections and acts.

Every name and date here is invented for the demo (the cities are flagged as demo data
and their commitment page says so). Loading twice adds nothing: each record is looked
up before it is made.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from icc.commitment import services
from icc.commitment.models import CommitmentInstrument, Election, Office, OfficeTerm
from icc.network import services as network_services
from icc.network.models import City, JoinStep

# slug, invented mayor, term start, days from today to the next election (None: none)
# Names only: the office says "mayor" in the reader's language, and a title or "(demo)"
# typed here would show in English on French pages.
MAYORS = [
    ("lyon", "Alex Moreau", date(2020, 7, 4), 45),
    ("oslo", "Kari Nordmann", date(2023, 10, 25), 400),
    ("barcelona", "Jordi Puig", date(2023, 6, 17), 150),
    ("bergen", "Ola Berg", date(2019, 10, 30), 25),
    ("geneva", "Léa Favre", date(2025, 6, 1), 900),
]
# A signatory of the statement of intent who left office: shown as a concern.
LEFT_SIGNATORY = ("dublin", "Seán Byrne", date(2011, 1, 1), date(2026, 3, 15))
# The names the demo gave before, renamed on the next load rather than added again.
OLD_NAMES = {
    **{f"Mayor {name} (demo)": name for _slug, name, _start, _election in MAYORS},
    f"Councillor {LEFT_SIGNATORY[1]} (demo)": LEFT_SIGNATORY[1],
}


def _document(name: str) -> ContentFile:
    return ContentFile(b"%PDF-1.4\n% Demo document invented for the demo.\n", name=name)


def _rename_old_demo_names() -> None:
    for old, new in OLD_NAMES.items():
        OfficeTerm.objects.filter(holder_name=old).update(holder_name=new)
        CommitmentInstrument.objects.filter(signatory_name=old).update(signatory_name=new)
    # Election notes are shown as written; "Demo date" was English on French pages.
    Election.objects.filter(notes="Demo date").update(notes="")


def _mayors(today: date) -> int:
    _rename_old_demo_names()
    made = 0
    for slug, name, starts_on, election_in in MAYORS:
        city = City.objects.filter(slug=slug).first()
        if city is None:
            continue
        if not OfficeTerm.objects.filter(office__city=city, holder_name=name).exists():
            term = services.record_office_term(
                city,
                kind=Office.Kind.MAYOR,
                holder_name=name,
                starts_on=starts_on,
                recorded_by=None,
            )
            services.record_instrument(
                city,
                kind=CommitmentInstrument.Kind.SIGNED_STATEMENT,
                signed_on=starts_on + timedelta(days=120),
                signatory_name=name,
                signatory_term=term,
                recorded_by=None,
            )
            made += 1
        if election_in is not None:
            held_on = today + timedelta(days=election_in)
            if not Election.objects.filter(city=city, office_kind=Office.Kind.MAYOR).exists():
                services.record_election(
                    city,
                    office_kind=Office.Kind.MAYOR,
                    held_on=held_on,
                    recorded_by=None,
                )
    return made


def _left_signatory() -> None:
    slug, name, starts_on, ends_on = LEFT_SIGNATORY
    city = City.objects.filter(slug=slug).first()
    if city is None or OfficeTerm.objects.filter(holder_name=name).exists():
        return
    term = services.record_office_term(
        city,
        kind=Office.Kind.DEPUTY_MAYOR,
        holder_name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        recorded_by=None,
    )
    services.record_instrument(
        city,
        kind=CommitmentInstrument.Kind.SIGNED_STATEMENT,
        signed_on=date(2011, 2, 1),
        signatory_name=name,
        signatory_term=term,
        recorded_by=None,
    )


def _applicant_steps() -> None:
    """Take the demo's applicant cities part of the way through the join steps."""
    for city in City.objects.filter(status=City.Status.APPLICANT, has_demo_figures=True):
        if city.join_steps.exists():
            continue
        network_services.update_join_step(
            city,
            JoinStep.Kind.EXPRESSION_OF_INTEREST,
            changed_by=None,
            state=JoinStep.State.DONE,
            state_on=date(2026, 2, 10),
            notes="Demo: letter from the mayor",
            document=_document(f"{city.slug}-letter.pdf"),
        )
        network_services.update_join_step(
            city,
            JoinStep.Kind.STATEMENT_OF_INTENT,
            changed_by=None,
            state=JoinStep.State.IN_PROGRESS,
            state_on=date(2026, 4, 1),
        )
        agreement = network_services.record_financial_agreement(
            city,
            recorded_by=None,
            amount=Decimal("5000"),
            currency="EUR",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
        )
        network_services.record_invoice(
            agreement,
            recorded_by=None,
            number=f"DEMO-{city.slug.upper()}-2026",
            amount=Decimal("5000"),
            issued_on=date(2026, 6, 1),
            due_on=date(2026, 9, 30),
        )


def load(stdout: Any) -> None:
    """Add the demo's office-holders, elections, instruments and join steps, once."""
    today = timezone.localdate()
    made = _mayors(today)
    _left_signatory()
    _applicant_steps()
    opened = services.run_daily_checks(today)
    stdout.write(
        f"Commitment demo ready: {made} mayors added, "
        f"{opened['elections']} re-engagement tasks opened for near elections."
    )
