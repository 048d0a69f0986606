"""Compute and store a round's published results, once, whenever what they depend on changes.

Publishing a city's results (or a whole round), withdrawing them, changing the round's
peer rule or a city's facts (population, foreign-born share, national network)
calls ``store_round_results``: in one pass over the round's published scores it stores
every city's overall and area scores, its ranks in the round, in each area and in each
peer group, and its most similar cities (``results.ranking``), and the round's
figures per area. Every page, export, the API, the open data and the other apps read
these rows (``results.selectors``); none ranks the round again.

Publishing one city does not compute the whole round in the request (decision 0057):
``publish_result_at_once`` stores the city's own result with its rank in the round and
in each area counted against the stored results, and ``request_round_results`` hands
the round-wide computation (every rank, peer group and most similar city) to the
background task ``update_round_results``; asks made before it starts share one run.
Until it has run, ``RoundSummary.is_updating`` is true and the pages say so.

After the commit, the published reports are rendered in the background, once per
language (``tasks.render_published_reports``), and served as files.
"""

from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, F
from django.db.models.functions import Cast
from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks_db.backend import DatabaseBackend

from icc.accounts.actors import Actor
from icc.accounts.notifications import is_person
from icc.accounts.selectors import people_of_cities
from icc.core.activity import record_activities, record_activity
from icc.core.actors import author
from icc.core.page_cache import invalidate_public_pages_on_commit
from icc.core.rows import insert_rows
from icc.core.task_descriptions import describe_task_as
from icc.index import notifications, permissions
from icc.index.models import Response, Result, Round, RoundSummary, Score
from icc.index.results import ranking
from icc.index.results.comparison import Entry, GroupKind
from icc.index.services.guards import allow, require
from icc.network.models import City

# The columns of a stored result, in the order its rows are written (``insert_rows``).
RESULT_FIELDS = (
    "round",
    "response",
    "city",
    "overall",
    "areas",
    "rank",
    "area_ranks",
    "groups",
    "similar",
    "population",
    "foreign_born_share",
    "national_network_id_used",
    "published_on",
)


def _sample(index_round: Round) -> list[tuple[Entry, int, date | None]]:
    """Return the round's published results as entries, best first, then by city id."""
    # Each response with its city's facts, in one query (a list of 10,000 city ids
    # would cost the driver more than the join costs the server).
    rows_of_responses = (
        Response.objects.published()
        .filter(round=index_round)
        .values_list(
            "pk",
            "city_id",
            "published_on",
            "city__name",
            "city__population",
            "city__foreign_born_share",
            "city__national_network_id",
        )
    )
    responses = {
        pk: (city_id, published_on, (name, population, share, network))
        for pk, city_id, published_on, name, population, share, network in rows_of_responses
    }
    area_codes = {area.id for area in index_round.edition.method.areas}
    overall: dict[int, Decimal] = {}
    areas: dict[int, dict[str, Decimal]] = {pk: {} for pk in responses}
    # The scores read as text and made decimals here: a tenth of the time Django's
    # converters take for 110,000 rows, to the same values (two places, as stored).
    rows = Score.objects.filter(
        response__round=index_round,
        response__status=Response.Status.PUBLISHED,
        level__in=[Score.Level.AREA, Score.Level.OVERALL],
        score__isnull=False,
    ).values_list("response_id", "level", "code", Cast("score", CharField()))
    cents = Decimal("0.01")
    for response_id, level, code, text in rows:
        if text is None:
            continue
        if level == Score.Level.OVERALL:
            overall[response_id] = Decimal(text).quantize(cents)
        elif code in area_codes:
            areas[response_id][code] = Decimal(text).quantize(cents)
    sample = []
    for pk, score in overall.items():
        city_id, published_on, (name, population, share, network) = responses[pk]
        entry = Entry(
            city_id=city_id,
            name=name,
            slug="",
            overall=score,
            areas=areas[pk],
            population=population,
            foreign_born_share=share,
            national_network_id=network,
        )
        sample.append((entry, pk, published_on))
    sample.sort(key=lambda item: (-item[0].overall, item[0].city_id))  # type: ignore[union-attr]
    return sample


@transaction.atomic
def store_round_results(index_round: Round) -> RoundSummary:
    """Compute every published result of the round with the others and store them all.

    Called by the services that change what the results depend on, inside their
    transaction; the platform acts, so nothing is checked or recorded here.
    """
    index_round = Round.objects.select_related("edition").get(pk=index_round.pk)
    # The asks made until now are all answered by this computation (0057).
    asked = (
        RoundSummary.objects.filter(round=index_round).values_list("requested", flat=True).first()
        or 0
    )
    sample = _sample(index_round)
    codes = [area.id for area in index_round.edition.method.areas]
    entries = [entry for entry, _pk, _day in sample]
    figures = ranking.rank_round(entries, codes, bands=index_round.bands)
    rows = []
    for entry, response_id, published_on in sample:
        city = figures.cities[entry.city_id]
        rows.append(
            (
                index_round.pk,
                response_id,
                entry.city_id,
                entry.overall,
                {code: str(score) for code, score in entry.areas.items()},
                city.rank,
                city.area_ranks,
                {
                    str(kind): {"rank": group.rank, "size": group.size, "band": group.band}
                    for kind, group in city.groups.items()
                },
                list(city.similar),
                entry.population,
                entry.foreign_born_share,
                entry.national_network_id,
                published_on,
            )
        )
    Result.objects.filter(round=index_round).delete()
    insert_rows(Result, RESULT_FIELDS, rows)
    summary, _created = RoundSummary.objects.select_for_update().get_or_create(round=index_round)
    summary.sample_size = len(rows)
    summary.areas = {
        code: {
            "average": None if area.average is None else str(area.average),
            "best": None if area.best is None else str(area.best),
            "best_cities": list(area.best_city_ids),
            "answered_by": area.answered_by,
        }
        for code, area in figures.areas.items()
    }
    summary.profiles = ranking.profiles_to_bytes(figures.city_ids, figures.profiles)
    summary.version = F("version") + 1
    summary.computed_at = timezone.now()
    summary.computed_request = max(asked, summary.computed_request)
    summary.save()
    summary.refresh_from_db(fields=["version"])
    invalidate_public_pages_on_commit("index")
    if settings.ICC_INDEX_REPORTS_AT_PUBLICATION:
        from icc.index.tasks import render_published_reports

        transaction.on_commit(partial(render_published_reports.enqueue, round_id=index_round.pk))
    return summary


def _queue(job: Any, **kwargs: Any) -> None:
    """Queue a task with the write that asks for it.

    The database backend keeps the task row in the write's transaction, so it exists
    exactly when the write commits; the tests' immediate backend runs it there and then
    (every figure is then current when the service returns); any other backend is
    given the task after the commit.
    """
    backend = job.get_backend()
    if isinstance(backend, DatabaseBackend | ImmediateBackend):
        job.enqueue(**kwargs)
    else:
        transaction.on_commit(partial(job.enqueue, **kwargs))


def request_round_results(index_round: Round) -> RoundSummary:
    """Ask for the round's results to be computed again in the background (decision 0057).

    Asks made while a computation waits in the queue share it: only the first queues
    the task. A computation already running when the ask comes may have read the
    sample before it, so the ask queues a new one after it.
    """
    summary, _created = RoundSummary.objects.get_or_create(round=index_round)
    RoundSummary.objects.filter(pk=summary.pk).update(requested=F("requested") + 1)
    if RoundSummary.objects.filter(pk=summary.pk, queued=False).update(queued=True):
        _queue(update_round_results, round_id=index_round.pk)
    summary.refresh_from_db()
    return summary


@task()
def update_round_results(*, round_id: int) -> int:
    """Compute the round's results asked for since the last computation (a background task).

    Queued by ``request_round_results``. Nothing is done when a computation made since
    the ask already includes it. Returns the number of results stored (0 when skipped).
    """
    # From now on a new ask queues a new run: this one may read the sample before it.
    RoundSummary.objects.filter(round_id=round_id, queued=True).update(queued=False)
    summary = (
        RoundSummary.objects.filter(round_id=round_id).only("requested", "computed_request").first()
    )
    if summary is None or not summary.is_updating:
        return 0
    index_round = Round.objects.filter(pk=round_id).first()
    if index_round is None:
        return 0
    return store_round_results(index_round).sample_size


@transaction.atomic
def publish_result_at_once(response: Response) -> Result:
    """Store the city's own result at once and ask for the round's computation (0057).

    Its rank in the round and in each area are counted against the results stored;
    its peer groups and most similar cities, and every other city's ranks, come with
    the background computation, which replaces this row.
    """
    index_round = Round.objects.select_related("edition").get(pk=response.round_id)
    codes = {area.id for area in index_round.edition.method.areas}
    overall: Decimal | None = None
    areas: dict[str, Decimal] = {}
    for level, code, score in Score.objects.filter(
        response=response, level__in=[Score.Level.AREA, Score.Level.OVERALL], score__isnull=False
    ).values_list("level", "code", "score"):
        if score is None:
            continue
        if level == Score.Level.OVERALL:
            overall = score
        elif code in codes:
            areas[code] = score
    Result.objects.filter(round=index_round, city_id=response.city_id).delete()
    summary = request_round_results(index_round)
    if overall is None or not summary.is_updating:
        # No score to rank, or the immediate backend has already computed the round.
        return Result.objects.filter(response=response).first()  # type: ignore[return-value]
    others = list(Result.objects.filter(round=index_round).values_list("overall", "areas"))
    city = City.objects.only("population", "foreign_born_share", "national_network_id").get(
        pk=response.city_id
    )
    rank = 1 + sum(1 for score, _areas in others if score > overall)
    row = Result.objects.create(
        round=index_round,
        response=response,
        city_id=response.city_id,
        overall=overall,
        areas={code: str(score) for code, score in areas.items()},
        rank=rank,
        area_ranks={
            code: 1
            + sum(1 for _score, stored in others if code in stored and Decimal(stored[code]) > mine)
            for code, mine in areas.items()
        },
        groups={str(GroupKind.SAMPLE): {"rank": rank, "size": len(others) + 1, "band": None}},
        similar=[],
        population=city.population,
        foreign_born_share=city.foreign_born_share,
        national_network_id_used=city.national_network_id,
        published_on=response.published_on,
    )
    # A new state of the results: the kept charts and report files are not its own.
    RoundSummary.objects.filter(pk=summary.pk).update(
        sample_size=len(others) + 1, version=F("version") + 1
    )
    invalidate_public_pages_on_commit("index")
    return row


def refresh_results_of_city(city: City) -> list[int]:
    """Compute again the rounds whose stored results used facts of the city that changed.

    Returns the ids of the rounds computed again (none when its facts are unchanged).
    """
    # One row per round the city published in: compared here, where None equals None.
    stale = [
        round_id
        for round_id, population, share, network in Result.objects.filter(city=city).values_list(
            "round_id", "population", "foreign_born_share", "national_network_id_used"
        )
        if (population, share, network)
        != (city.population, city.foreign_born_share, city.national_network_id)
    ]
    round_ids = sorted(set(stale))
    for index_round in Round.objects.filter(pk__in=round_ids):
        store_round_results(index_round)
    return round_ids


def refresh_results_on_city_save(
    sender: Any, instance: City, created: bool = False, raw: bool = False, **kwargs: Any
) -> None:
    """Rank the city's rounds again after a save changed its facts (a ``post_save`` receiver).

    Connected in ``IndexConfig.ready``; one query when nothing the ranks read has changed.
    """
    if created or raw:
        return
    fields = kwargs.get("update_fields")
    if fields is not None and not {"population", "foreign_born_share", "national_network"} & set(
        fields
    ):
        return
    refresh_results_of_city(instance)


@transaction.atomic
def publish_round(
    index_round: Round, *, published_by: Actor | None, published_on: date | None = None
) -> int:
    """Publish every validated result of the round whose city consented, at once (the secretariat).

    The round's results are computed once for all of them. When a person publishes, each
    city's people are told in the background (``tell_of_publication``), not in the
    request. Returns how many were published.
    """
    allow(published_by, permissions.can_publish_round(published_by, index_round))
    ready = Response.objects.filter(
        round=index_round, status=Response.Status.VALIDATED, has_public_consent=True
    )
    keys = list(ready.select_for_update().values_list("pk", "city_id"))
    person = author(published_by) if is_person(published_by) else None
    # The rows locked above: still validated, with consent. Each keeps who published it
    # until its city's people are told.
    ready.update(
        status=Response.Status.PUBLISHED,
        published_on=published_on or timezone.localdate(),
        updated_at=timezone.now(),
        untold_publication_by=person,
    )
    record_activities(
        published_by,
        "index.response.published",
        [((Response, pk), (City, city_id)) for pk, city_id in keys],
    )
    store_round_results(index_round)
    if person is not None and keys:
        _queue(tell_of_publication, round_id=index_round.pk)
    return len(keys)


# How many cities ``tell_of_publication`` tells in each of its transactions.
TELL_BATCH = 250


@task()
def tell_of_publication(*, round_id: int) -> int:
    """Tell each city's people that its results are public, for publications not yet told.

    Queued by ``publish_round`` when a person publishes. It works in batches of
    ``TELL_BATCH`` cities, each in one transaction that writes the notifications and clears
    the responses' mark (``Response.untold_publication_by``): a run stopped half-way keeps
    the batches it finished and the next run (a retry) tells only the others, so nobody is
    told twice. Returns how many cities were told.
    """
    index_round = Round.objects.filter(pk=round_id).first()
    if index_round is None:
        return 0
    told = 0
    while True:
        with transaction.atomic():
            batch = list(
                Response.objects.select_for_update(of=("self",))
                .select_related("city", "untold_publication_by")
                .filter(
                    round_id=round_id,
                    status=Response.Status.PUBLISHED,
                    untold_publication_by__isnull=False,
                )
                .order_by("pk")[:TELL_BATCH]
            )
            if not batch:
                return told
            people = people_of_cities({response.city_id for response in batch})
            for response in batch:
                response.round = index_round
                notifications.response_published(
                    response,
                    by=response.untold_publication_by,
                    people=people.get(response.city_id, []),
                )
            Response.objects.filter(pk__in=[response.pk for response in batch]).update(
                untold_publication_by=None
            )
            told += len(batch)


def _round_of(kwargs: Any) -> tuple[str, str] | None:
    """Name the round a task was about, with its page, for the list of failed tasks."""
    index_round = Round.objects.filter(pk=kwargs["round_id"]).first()
    return None if index_round is None else (str(index_round), index_round.get_absolute_url())


describe_task_as(
    update_round_results, gettext_lazy("Compute the ranks of an Index round"), about=_round_of
)
describe_task_as(
    tell_of_publication,
    gettext_lazy("Tell the cities that their Index results are published"),
    about=_round_of,
)


@transaction.atomic
def unpublish_response(response: Response, *, unpublished_by: Actor | None) -> Response:
    """Withdraw published results (the secretariat): they are validated again, not public.

    Every other city's ranks in the round are computed again without them.
    """
    response = Response.objects.select_for_update().select_related("city").get(pk=response.pk)
    require(
        response.status == Response.Status.PUBLISHED, _("Only published results can be withdrawn.")
    )
    allow(unpublished_by, permissions.can_manage_rounds(unpublished_by))
    response.status = Response.Status.VALIDATED
    response.published_on = None
    # Withdrawn before its city was told: nothing to tell any more.
    response.untold_publication_by = None
    response.save(update_fields=["status", "published_on", "untold_publication_by", "updated_at"])
    record_activity(unpublished_by, "index.response.unpublished", response, about=response.city)
    store_round_results(response.round)
    return response


@transaction.atomic
def change_peer_bands(
    index_round: Round, *, peer_bands: dict[str, list[float]], changed_by: Actor | None
) -> Round:
    """Change the round's peer-group thresholds (the secretariat) and rank its peers again."""
    allow(changed_by, permissions.can_manage_rounds(changed_by))
    index_round = Round.objects.select_for_update().get(pk=index_round.pk)
    old = dict(index_round.peer_bands or {})
    index_round.peer_bands = dict(peer_bands)
    index_round.full_clean()
    index_round.save(update_fields=["peer_bands"])
    record_activity(
        changed_by,
        "index.round.peer_bands_changed",
        index_round,
        changes={"peer_bands": (old, index_round.peer_bands)},
    )
    store_round_results(index_round)
    return index_round
