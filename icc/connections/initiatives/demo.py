"""Demo common initiatives, in our own words (EN and FR), flagged as demo data.

One open call, one initiative under way with five cities (a joint anti-rumours
campaign) with work packages, tasks and documents, and one finished initiative whose
page and outputs are published. Loading twice changes nothing: each initiative is looked
up by its title first.
"""

from datetime import time, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from icc.connections.initiatives import services, workspace
from icc.connections.initiatives.models import Initiative
from icc.events.selectors import upcoming_events
from icc.network.models import City

PDF = b"%PDF-1.4\n% demo document of a common initiative\n%%EOF\n"


def _cities(slugs: list[str]) -> list[City] | None:
    found = {city.slug: city for city in City.objects.filter(slug__in=slugs)}
    if len(found) != len(slugs):
        return None
    return [found[slug] for slug in slugs]


def _start(
    title: str, title_fr: str, aim: str, aim_fr: str, slugs: list[str], areas: list[str]
) -> Initiative | None:
    cities = _cities(slugs)
    if cities is None or Initiative.objects.filter(title=title).exists():
        return None
    lead, *partners = cities
    initiative = services.open_call(
        created_by=None,
        lead_city=lead,
        title=title,
        title_fr=title_fr,
        aim=aim,
        aim_fr=aim_fr,
        areas=areas,
        deadline=timezone.localdate() + timedelta(days=45),
        is_demo=True,
    )
    for city in partners:
        services.express_interest(
            initiative, city=city, note="We would like to take part.", by=None
        )
        services.accept_partner(initiative, city=city, by=None)
    return initiative


def _document(initiative: Initiative, title: str, name: str) -> None:
    upload = ContentFile(PDF, name=name)
    upload.size = len(PDF)
    workspace.upload_document(initiative, upload=upload, title=title, by=None)  # type: ignore[arg-type]


def load(stdout: Any) -> None:
    """Add the three demo initiatives once."""
    added = 0
    call = _start(
        "Welcoming newcomers through sport clubs",
        "Accueillir les nouveaux arrivants par les clubs sportifs",
        "Cities that work with local sport clubs to welcome newcomers compare their ways"
        " and write a short guide together.",
        "Des villes qui travaillent avec les clubs sportifs pour accueillir les nouveaux"
        " arrivants comparent leurs façons de faire et rédigent ensemble un court guide.",
        ["bergen"],
        ["welcoming"],
    )
    if call is not None:
        Initiative.objects.filter(pk=call.pk).update(
            wanted_size="100k-200k", funding_programme="Erasmus+ Sport"
        )
        added += 1
    running = _start(
        "A joint anti-rumours campaign",
        "Une campagne anti-rumeurs commune",
        "Five cities run the same anti-rumours campaign in the same month, share their"
        " posters and train their agents together.",
        "Cinq villes mènent la même campagne anti-rumeurs le même mois, partagent leurs"
        " affiches et forment leurs agents ensemble.",
        ["barcelona", "bilbao", "amadora", "botkyrka", "dublin"],
        ["anti_discrimination", "media"],
    )
    if running is not None:
        running = services.set_status(running, status="running", version=None, by=None)
        cities = {m.city.slug: m.city for m in running.members.select_related("city")}
        posters = workspace.add_work_package(running, title="Posters and messages", by=None)
        training = workspace.add_work_package(running, title="Training of agents", by=None)
        soon = timezone.localdate() + timedelta(days=30)
        done = workspace.add_task(
            posters, title="Agree on five messages", owner=cities["barcelona"], due_on=soon, by=None
        )
        workspace.finish_task(done, by=None)
        workspace.add_task(
            posters, title="Translate the posters", owner=cities["amadora"], due_on=soon, by=None
        )
        workspace.add_task(
            training, title="Plan the online session", owner=cities["dublin"], due_on=soon, by=None
        )
        workspace.post_message(
            posters,
            text="The first drafts are in the shared folder.",
            city=cities["bilbao"],
            by=None,
        )
        workspace.add_meeting(
            running,
            title="Online kick-off of the partners",
            title_fr="Lancement en ligne des partenaires",
            meets_on=soon,
            at=time(10),
            until=time(11, 30),
            place="Online",
            by=None,
        )
        _document(running, "Campaign plan", "campaign-plan.pdf")
        _document(running, "Poster drafts", "poster-drafts.pdf")
        added += 1
    finished = _start(
        "Intercultural libraries",
        "Bibliothèques interculturelles",
        "Three cities opened their libraries to the languages of their residents and"
        " wrote down what worked.",
        "Trois villes ont ouvert leurs bibliothèques aux langues de leurs habitants et"
        " ont noté ce qui a marché.",
        ["copenhagen", "dortmund", "erlangen"],
        ["language"],
    )
    if finished is not None:
        finished = services.set_status(finished, status="running", version=None, by=None)
        workspace.add_output(
            finished,
            kind="toolkit",
            title="A toolkit for multilingual story hours",
            summary="How to find volunteer readers, choose books and invite families.",
            title_fr="Une boîte à outils pour des heures du conte multilingues",
            summary_fr="Comment trouver des lecteurs bénévoles, choisir les livres et inviter"
            " les familles.",
            by=None,
        )
        workspace.add_output(
            finished,
            kind="report",
            title="What three libraries learned",
            summary="Visits, numbers of readers and the changes each library kept.",
            title_fr="Ce que trois bibliothèques ont appris",
            summary_fr="Les visites, le nombre de lecteurs et les changements que chaque"
            " bibliothèque a gardés.",
            by=None,
        )
        finished = services.set_status(finished, status="finished", version=None, by=None)
        services.publish(finished, version=None, by=None)
        added += 1
    Initiative.objects.filter(
        title__in=[
            "Welcoming newcomers through sport clubs",
            "A joint anti-rumours campaign",
            "Intercultural libraries",
        ]
    ).update(is_demo=True)
    stdout.write(f"Common initiatives: {Initiative.objects.count()} ({added} new).")


def meeting_at_next_event() -> None:
    """Hold one meeting of the anti-rumours campaign at the network's next event, once.

    The events' demo loads after this one (the apps' order), so ``load_demo`` calls this in
    its late pass; it is never added twice.
    """
    running = Initiative.objects.filter(title="A joint anti-rumours campaign").first()
    if running is None or running.status != Initiative.Status.RUNNING:
        return
    if running.meetings.filter(event_id__isnull=False).exists():
        return
    next_events = upcoming_events(today=timezone.localdate(), limit=1)
    if next_events:
        workspace.add_meeting(
            running,
            title="Partners' meeting during the event",
            title_fr="Réunion des partenaires pendant l’événement",
            meets_on=next_events[0].starts_on,
            event_id=next_events[0].pk,
            by=None,
        )
