"""Reads that shape the initiatives' pages: suggested partners, the workspace, the overview."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext

from icc.accounts.actors import Actor
from icc.accounts.permissions import is_secretariat
from icc.connections.initiatives.models import (
    DocumentVersion,
    Initiative,
    Meeting,
    Member,
    Message,
    Task,
    WorkPackage,
)
from icc.connections.matching import WEAK_THRESHOLD, CityContext, similarity
from icc.connections.mentoring.selectors import area_choices as area_choices
from icc.connections.permissions import city_ids_of
from icc.core.activity import timeline_entries
from icc.core.downloads import download_url_maker
from icc.core.icalendar import CalendarEntry
from icc.core.site import absolute_url
from icc.events.selectors import events_by_ids, upcoming_events
from icc.index.results.selectors import latest_published_results
from icc.network.models import City, PopulationBand

SUGGESTIONS = 8
DOCUMENTS_PER_PAGE = 100
TASKS_SHOWN = 8  # open tasks per work package on the workspace page


@dataclass(frozen=True)
class PartnerSuggestion:
    """A city that fits a call: its score in the call's areas and why it fits."""

    city: City
    area_score: Decimal
    fits: tuple[str, ...]  # among "size", "language", "experience", and matching's factors
    weight: float


def _context(city: City, areas: dict[str, Decimal]) -> CityContext:
    return CityContext(
        city_id=city.pk,
        name=city.name,
        population=city.population,
        foreign_born_share=city.foreign_born_share,
        languages=tuple(city.languages or ()),
        national_network_id=city.national_network_id,
        scores=areas,
    )


def suggested_partners(
    initiative: Initiative, *, limit: int = SUGGESTIONS
) -> list[PartnerSuggestion]:
    """Return the member cities that fit the call best, from their published Index results.

    A city fits when it has a published result, is of the size band and speaks the language
    wanted, and (when an area of experience is wanted) scores at least the matching's
    strong threshold there. Cities are weighed by their mean score in the call's areas
    times ``0.4 + 0.6 × similarity`` to the lead city (the recommender's formula).
    """
    results = latest_published_results()
    taken = set(initiative.members.values_list("city_id", flat=True))
    # Cities without a published result are skipped while reading (no list of ids sent).
    cities = City.objects.filter(status=City.Status.MEMBER)
    if initiative.wanted_size:
        low, high = PopulationBand(initiative.wanted_size).bounds
        cities = cities.filter(population__gte=low)
        if high is not None:
            cities = cities.filter(population__lt=high)
    lead = initiative.lead_city
    lead_context = (
        _context(lead, results[lead.pk].areas) if lead is not None and lead.pk in results else None
    )
    found = []
    # Plain rows: ten thousand cities build no record (nor decode their names) until the
    # few suggested are read whole at the end.
    rows = cities.values_list(
        "pk", "name", "population", "foreign_born_share", "languages", "national_network_id"
    )
    for pk, name, population, foreign_born_share, city_languages, network_id in rows.iterator(
        chunk_size=2000
    ):
        if pk in taken or pk not in results:
            continue
        languages = tuple(city_languages or ())
        if initiative.wanted_language and initiative.wanted_language not in languages:
            continue
        scores = results[pk].areas
        fits: list[str] = []
        if initiative.wanted_area:
            if scores.get(initiative.wanted_area, Decimal(0)) < WEAK_THRESHOLD:
                continue
            fits.append("experience")
        if initiative.wanted_size:
            fits.append("size")
        if initiative.wanted_language:
            fits.append("language")
        wanted = [scores[a] for a in initiative.areas if a in scores] or list(scores.values())
        area_score = sum(wanted, Decimal(0)) / len(wanted) if wanted else Decimal(0)
        alike = 0.5
        if lead_context is not None:
            peer = CityContext(
                city_id=pk,
                name=name,
                population=population,
                foreign_born_share=foreign_born_share,
                languages=languages,
                national_network_id=network_id,
                scores=scores,
            )
            alike, factors = similarity(lead_context, peer)
            fits.extend(f for f in factors if f not in fits)
        weight = float(area_score) / 100 * (0.4 + 0.6 * alike)
        found.append((weight, name, pk, area_score.quantize(Decimal(1)), tuple(fits)))
    found.sort(key=lambda row: (-row[0], row[1]))
    best = found[:limit]
    records = City.objects.in_bulk([pk for _w, _n, pk, _s, _f in best])
    return [
        PartnerSuggestion(records[pk], score, fits, weight)
        for weight, _name, pk, score, fits in best
        if pk in records
    ]


def area_names() -> dict[str, str]:
    """Return the Index areas' names in the active language."""
    return dict(area_choices())


def calls_for(user: Actor) -> QuerySet[Initiative]:
    """Return the initiatives the person may see listed: every call, and their own work."""
    mine = city_ids_of(user)
    rows = Initiative.objects.select_related("lead_city").annotate(
        partner_count=Count("members", distinct=True)
    )
    if is_secretariat(user):
        return rows
    return rows.filter(
        Q(status=Initiative.Status.CALL) | Q(members__city_id__in=mine) | Q(created_by_id=user.pk)
    ).distinct()


@dataclass(frozen=True)
class TaskRow:
    """What the workspace shows of a task: plain values, no record to build."""

    pk: str  # as text: a template writes it without localising a number
    title: str
    owner: str
    due_on: date | None
    done: bool


@dataclass(frozen=True)
class PackageRow:
    """A work package with its open tasks first and its done tasks apart.

    On the workspace page ``message_count`` counts its thread; on the package's own page
    ``messages`` holds the thread.
    """

    package: WorkPackage
    open_tasks: list[TaskRow]
    done_tasks: list[TaskRow]
    open_count: int = 0
    done_count: int = 0
    message_count: int = 0
    messages: list[Message] = field(default_factory=list)

    @property
    def open_not_shown(self) -> int:
        return self.open_count - len(self.open_tasks)


@dataclass(frozen=True)
class Workspace:
    members: list[Member]
    packages: list[PackageRow]
    documents: list["DocumentRow"]
    timeline: list
    document_page: int = 1
    document_pages: int = 1
    meetings: list["MeetingRow"] = field(default_factory=list)


def _task_rows(tasks: QuerySet[Task], members: list[Member]) -> dict[int, list[TaskRow]]:
    """Return the tasks as plain rows by package, owners named from the members.

    A plan of hundreds of tasks builds no task or city record: the owners are the
    initiative's own cities, already read.
    """
    names = {member.city_id: str(member.city) for member in members}
    found: dict[int, list[TaskRow]] = {}
    rows = tasks.order_by(F("due_on").asc(nulls_last=True), "id").values_list(
        "work_package_id", "pk", "title", "owner_id", "due_on", "done_at"
    )
    for package_id, pk, title, owner_id, due_on, done_at in rows:
        owner = names.get(owner_id, "") if owner_id else ""
        found.setdefault(package_id, []).append(
            TaskRow(str(pk), title, owner, due_on, done_at is not None)
        )
    return found


def _row(
    package: WorkPackage, tasks: list[TaskRow], *, shown: int | None = None, **extra: Any
) -> PackageRow:
    """Return the package's row; with ``shown``, only the first open tasks and no done one."""
    open_tasks = [task for task in tasks if not task.done]
    done_tasks = [task for task in tasks if task.done]
    return PackageRow(
        package,
        open_tasks[:shown] if shown is not None else open_tasks,
        [] if shown is not None else done_tasks,
        open_count=len(open_tasks),
        done_count=len(done_tasks),
        **extra,
    )


def _packages(initiative: Initiative, members: list[Member]) -> list[PackageRow]:
    """Return the plan: each package with its next open tasks and the length of its thread.

    The workspace is an overview: per package the ``TASKS_SHOWN`` open tasks due first
    (undated last), the counts, and a link to the package's page, which lists every task
    and the thread. A plan of 500 tasks stays a page one reads (and renders) quickly.
    """
    packages = list(initiative.work_packages.annotate(message_count=Count("messages")))
    tasks = _task_rows(Task.objects.filter(work_package__initiative=initiative), members)
    return [
        _row(
            package,
            tasks.get(package.pk, []),
            shown=TASKS_SHOWN,
            message_count=package.message_count,  # type: ignore[attr-defined]
        )
        for package in packages
    ]


def package_page(package: WorkPackage) -> PackageRow:
    """Return a work package with its tasks and its whole thread, for its own page."""
    members = list(package.initiative.members.select_related("city"))
    tasks = _task_rows(package.tasks.all(), members)
    messages = list(package.messages.select_related("city", "author"))
    return _row(package, tasks.get(package.pk, []), messages=messages)


@dataclass(frozen=True)
class DocumentRow:
    """A shared document as the workspace lists it: its page, its latest version's file.

    The addresses and the version's label are written here, once per page's worth of
    rows, not by the template for each of them (``url_maker``, ``download_url_maker``).
    """

    pk: int
    title: str
    url: str
    download: str = ""
    label: str = ""


def url_maker(name: str) -> Callable[[int], str]:
    """Return a function giving ``reverse(name, kwargs={"pk": pk})`` for a number, reversed once.

    A page listing a hundred rows would otherwise reverse the same pattern a hundred times.
    """
    sentinel = 987654321
    pattern = reverse(name, kwargs={"pk": sentinel})
    before, _sentinel, after = pattern.partition(str(sentinel))
    return lambda pk: f"{before}{pk}{after}"


def _documents(initiative: Initiative, start: int) -> list[DocumentRow]:
    """Return one page of documents, by title, each with its latest version, in two reads."""
    documents = list(
        initiative.documents.order_by("title", "id").values_list("pk", "title")[
            start : start + DOCUMENTS_PER_PAGE
        ]
    )
    latest: dict[int, tuple[int, int, str]] = {}
    versions = (
        DocumentVersion.objects.filter(document_id__in=[pk for pk, _title in documents])
        .order_by("document_id", "-number")
        .values_list("pk", "document_id", "number", "file")
    )
    for pk, document_id, number, file in versions:
        if document_id not in latest:
            latest[document_id] = (pk, number, file)
    page_url = url_maker("connections:initiative-document")
    download = download_url_maker(DocumentVersion, "file")
    rows = []
    for pk, title in documents:
        found = latest.get(pk)
        rows.append(
            DocumentRow(pk, title, page_url(pk))
            if found is None
            else DocumentRow(
                pk,
                title,
                page_url(pk),
                download(found[0], found[2]),
                gettext("version %(number)s") % {"number": found[1]},
            )
        )
    return rows


@dataclass(frozen=True)
class MeetingRow:
    """A meeting as the workspace lists it, with its event (if any) and its addresses."""

    meeting: Meeting
    event: Any
    ics_url: str
    edit_url: str
    cancel_url: str
    title: str
    labels: dict[str, str]  # the links' and the confirmation's sentences, in the language


def _meetings(initiative: Initiative) -> list[MeetingRow]:
    meetings = list(initiative.meetings.all())
    events = events_by_ids(m.event_id for m in meetings if m.event_id)
    ics, edit, cancel = (
        url_maker(f"connections:initiative-meeting-{name}") for name in ("ics", "edit", "cancel")
    )
    sentences = {
        "add": gettext("Add “%(title)s” to your calendar (.ics)"),
        "change": gettext("Change “%(title)s”"),
        "question": gettext("Cancel the meeting “%(title)s”? Every city is told."),
        "cancel": gettext("Cancel “%(title)s”"),
    }
    rows = []
    for meeting in meetings:
        title = meeting.title_in(language())
        rows.append(
            MeetingRow(
                meeting,
                events.get(meeting.event_id) if meeting.event_id else None,
                ics(meeting.pk),
                edit(meeting.pk),
                cancel(meeting.pk),
                title,
                {name: text % {"title": title} for name, text in sentences.items()},
            )
        )
    return rows


def workspace(
    initiative: Initiative, *, document_page: int = 1, members: list[Member] | None = None
) -> Workspace:
    """Return what the workspace page shows, in a fixed number of queries.

    Documents come ``DOCUMENTS_PER_PAGE`` at a time, by title, with their latest version.
    ``members`` are the initiative's members when the page already read them.
    """
    count = initiative.documents.count()
    pages = max(1, -(-count // DOCUMENTS_PER_PAGE))
    document_page = min(max(1, document_page), pages)
    start = (document_page - 1) * DOCUMENTS_PER_PAGE
    members = list(initiative.members.select_related("city")) if members is None else members
    documents = _documents(initiative, start)
    return Workspace(
        meetings=_meetings(initiative),
        members=members,
        packages=_packages(initiative, members),
        documents=documents,
        timeline=timeline_entries(initiative, limit=30),
        document_page=document_page,
        document_pages=pages,
    )


@dataclass(frozen=True)
class OverviewRow:
    initiative: Initiative
    cities: list[City]
    areas: list[str]


def overview() -> tuple[list[OverviewRow], list[City]]:
    """Return every initiative with its cities and areas, and the member cities in none."""
    names = area_names()
    initiatives = Initiative.objects.select_related("lead_city").prefetch_related("members__city")
    rows = [
        OverviewRow(
            initiative,
            [m.city for m in initiative.members.all()],
            [names.get(a, a) for a in initiative.areas],
        )
        for initiative in initiatives
    ]
    taking_part = set(Member.objects.values_list("city_id", flat=True))
    outside = [
        city
        for city in City.objects.filter(status=City.Status.MEMBER).order_by("name")
        if city.pk not in taking_part
    ]
    return rows, outside


def event_choices(
    *, today: date, limit: int = 60, keep: int | None = None
) -> list[tuple[int, str]]:
    """Return the network's next published events a partners' meeting may be held at.

    ``keep`` is the event a meeting already names: it stays a choice once it has begun,
    so the meeting's page can be saved without moving it.
    """
    events = upcoming_events(today=today, limit=limit)
    if keep is not None and all(event.pk != keep for event in events):
        events = [*events_by_ids([keep]).values(), *events]
    return [
        (event.pk, f"{event} ({date_format(event.starts_on, 'DATE_FORMAT')})") for event in events
    ]


def meeting_entries(meetings: list[Meeting], *, language: str) -> list[CalendarEntry]:
    """Return the calendar entries of partners' meetings, titled in ``language``.

    A meeting with a time is timed (an hour long without an end time); without one it
    fills its day. A cancelled meeting stays, marked cancelled, so calendars drop it.
    """
    host = urlsplit(settings.SITE_URL).hostname or "icc.invalid"
    entries = []
    for meeting in meetings:
        initiative = meeting.initiative
        starts_at = ends_at = None
        if meeting.at is not None:
            starts_at = timezone.make_aware(datetime.combine(meeting.meets_on, meeting.at))
            ends_at = (
                timezone.make_aware(datetime.combine(meeting.meets_on, meeting.until))
                if meeting.until is not None
                else starts_at + timedelta(hours=1)
            )
        entries.append(
            CalendarEntry(
                uid=f"initiative-meeting-{meeting.pk}@{host}",
                sequence=meeting.version - 1,
                stamp=meeting.changed_at,
                first_day=meeting.meets_on,
                last_day=meeting.meets_on,
                starts_at=starts_at,
                ends_at=ends_at,
                summary=meeting.title_in(language),
                description=initiative.title_in(language),
                location=meeting.place,
                url=absolute_url(
                    reverse("connections:initiative-workspace", kwargs={"pk": initiative.pk})
                ),
                is_cancelled=meeting.is_cancelled,
            )
        )
    return entries


def language() -> str:
    return (get_language() or "en")[:2]
