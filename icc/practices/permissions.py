"""Who may read, write and moderate good practices.

- Everyone reads published practices.
- A city's coordinators and editors write the practices of their city; a
  national network's coordinator those of the network; the author keeps
  access to a regional or national body's practice they wrote.
- The secretariat moderates every practice; a national network's coordinator
  moderates the practices of the network's cities and of the network itself.
- While a practice waits for review, only moderators change it.
- Owners choose only owners they write for (their city, the network they
  coordinate). Their changes to a published practice wait for a moderator;
  a moderator's own changes go live (decision 0022).
- A city that may not act for the network (suspended, left) keeps reading its
  practices, drafts included, but its people write nothing in its name: no new
  practice or story, no change, no deletion, no submission (decision 0017).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from icc.accounts.actors import Actor
from icc.accounts.models import CITY_ROLES, Role
from icc.accounts.permissions import active_grants, is_secretariat
from icc.network.models import City, NationalNetwork
from icc.network.permissions import city_may_act
from icc.practices.models import (
    Practice,
    PracticeAttachment,
    PracticeQuerySet,
    PracticeRevision,
    Question,
    Story,
)


def _city_ids(user: Actor) -> set[int]:
    return {
        grant.city_id
        for grant in active_grants(user)
        if grant.role in CITY_ROLES and grant.city_id is not None
    }


def _network_ids(user: Actor) -> set[int]:
    return {
        grant.national_network_id
        for grant in active_grants(user)
        if grant.role == Role.NETWORK_COORDINATOR and grant.national_network_id is not None
    }


def is_owner(user: Actor, practice: Practice) -> bool:
    """Return whether the person writes for the practice's owner."""
    if not getattr(user, "is_authenticated", False):
        return False
    if practice.city_id and practice.city_id in _city_ids(user):
        return True
    if practice.national_network_id and practice.national_network_id in _network_ids(user):
        return True
    return bool(practice.created_by_id == user.pk and active_grants(user))


def can_moderate_practice(user: Actor, practice: Practice) -> bool:
    """Return whether the person may publish or send back the practice."""
    if is_secretariat(user):
        return True
    networks = _network_ids(user)
    if not networks:
        return False
    if practice.national_network_id in networks:
        return True
    city = practice.city
    return city is not None and city.national_network_id in networks


def can_view_practice(user: Actor, practice: Practice) -> bool:
    """Return whether the person may read the practice (drafts: owners and moderators)."""
    return (
        practice.status == Practice.Status.PUBLISHED
        or is_owner(user, practice)
        or can_moderate_practice(user, practice)
    )


def can_download_attachment(user: Actor, attachment: PracticeAttachment) -> bool:
    """Return whether the person may open a practice's file: whoever may read the practice."""
    return can_view_practice(user, attachment.practice)


def _acting_city_ids(user: Actor) -> set[int]:
    """Return the person's cities that may act for the network now."""
    ids = _city_ids(user)
    if not ids:
        return set()
    acting = City.objects.filter(pk__in=sorted(ids)).exclude(
        status__in=[City.Status.SUSPENDED, City.Status.LEFT]
    )
    return set(acting.values_list("pk", flat=True))


def _owner_city_may_act(practice: Practice) -> bool:
    return practice.city is None or city_may_act(practice.city)


def can_view_practice_workspace(user: Actor) -> bool:
    """Return whether the person has a workspace of practices: any writing role.

    A suspended city's people keep it, to read their drafts.
    """
    return is_secretariat(user) or bool(_city_ids(user) or _network_ids(user))


def can_create_practice(user: Actor) -> bool:
    """Return whether the person may write a new practice for someone.

    The secretariat, a national network's coordinator, or the people of a city that may
    act for the network.
    """
    return is_secretariat(user) or bool(_network_ids(user) or _acting_city_ids(user))


def can_edit_practice(user: Actor, practice: Practice) -> bool:
    """Return whether the person may change the practice's record and texts."""
    if can_moderate_practice(user, practice):
        return True
    return (
        is_owner(user, practice)
        and practice.status != Practice.Status.SUBMITTED
        and _owner_city_may_act(practice)
    )


def can_submit_practice(user: Actor, practice: Practice) -> bool:
    """Return whether the person may send the draft for review.

    A city's practice goes forward only while the city may act for the network.
    """
    city = practice.city
    if city is not None and not city_may_act(city) and not is_secretariat(user):
        return False
    return practice.status == Practice.Status.DRAFT and (
        is_owner(user, practice) or can_moderate_practice(user, practice)
    )


def can_delete_practice(user: Actor, practice: Practice) -> bool:
    """Return whether the person may delete the practice: the secretariat, or owners of a draft."""
    return is_secretariat(user) or (
        is_owner(user, practice)
        and practice.status == Practice.Status.DRAFT
        and _owner_city_may_act(practice)
    )


def can_view_practice_history(user: Actor, practice: Practice) -> bool:
    """Return whether the person may read the practice's edit history."""
    return is_owner(user, practice) or can_moderate_practice(user, practice)


def can_manage_challenges(user: Actor) -> bool:
    """Return whether the person may change the taxonomy of challenges."""
    return is_secretariat(user)


def get_owner_cities(user: Actor, *, keeping: Practice | None = None) -> QuerySet[City]:
    """Return the cities the person may write practices for (and ``keeping``'s own city)."""
    if is_secretariat(user):
        return City.objects.visible_to_public()
    allowed = set(_acting_city_ids(user))
    if keeping is not None and keeping.city_id:
        allowed.add(keeping.city_id)
    return City.objects.filter(pk__in=allowed)


def get_owner_networks(
    user: Actor, *, keeping: Practice | None = None
) -> QuerySet[NationalNetwork]:
    """Return the national networks the person coordinates (and ``keeping``'s own network)."""
    if is_secretariat(user):
        return NationalNetwork.objects.all()
    allowed = _network_ids(user)
    if keeping is not None and keeping.national_network_id:
        allowed.add(keeping.national_network_id)
    return NationalNetwork.objects.filter(pk__in=allowed)


def can_write_for(
    user: Actor | None, *, city: City | None, national_network: NationalNetwork | None
) -> bool:
    """Return whether the person acts for the owners chosen for a practice.

    A city's people write for their city, a network's coordinator for the network; the
    secretariat for anyone. ``None`` (the platform's own writes) may choose any owner.
    """
    if user is None or is_secretariat(user):
        return True
    if city is not None and city.pk not in _city_ids(user):
        return False
    return national_network is None or national_network.pk in _network_ids(user)


def publishes_changes(user: Actor | None, practice: Practice) -> bool:
    """Return whether the person's changes to the practice go live without review.

    Changes to a published practice by someone who may not publish it wait for a
    moderator (``PracticeRevision``); ``None`` is the platform itself.
    """
    return (
        user is None
        or practice.status != Practice.Status.PUBLISHED
        or can_moderate_practice(user, practice)
    )


def get_practice_for_view(user: Actor, slug: str) -> Practice:
    """Return the practice the person may read, or raise 404."""
    practice = Practice.objects.with_texts().filter(slug=slug).first()
    if practice is None or not can_view_practice(user, practice):
        raise Http404
    return practice


def get_practices_for_workspace(user: Actor) -> PracticeQuerySet:
    """Return the unpublished practices the person writes or moderates."""
    practices = Practice.objects.exclude(status=Practice.Status.PUBLISHED)
    if is_secretariat(user):
        return practices
    if not getattr(user, "is_authenticated", False):
        return practices.none()
    cities, networks = _city_ids(user), _network_ids(user)
    return practices.filter(
        Q(city_id__in=cities)
        | Q(national_network_id__in=networks)
        | Q(city__national_network_id__in=networks)
        | Q(created_by=user)
    )


def _pending_revisions() -> QuerySet[PracticeRevision]:
    return PracticeRevision.objects.filter(
        practice=OuterRef("pk"), status=PracticeRevision.Status.PENDING
    )


def get_practices_to_moderate(user: Actor) -> PracticeQuerySet:
    """Return the practices waiting for the person's review: submitted, or with pending changes."""
    waiting = Practice.objects.filter(
        Q(status=Practice.Status.SUBMITTED)
        | Q(status=Practice.Status.PUBLISHED) & Exists(_pending_revisions())
    )
    if is_secretariat(user):
        return waiting
    networks = _network_ids(user)
    return waiting.filter(
        Q(national_network_id__in=networks) | Q(city__national_network_id__in=networks)
    )


def get_practices_with_pending_changes(user: Actor) -> PracticeQuerySet:
    """Return the published practices the person writes for whose changes wait for review."""
    pending = Practice.objects.filter(
        Exists(_pending_revisions()), status=Practice.Status.PUBLISHED
    )
    if is_secretariat(user):
        return pending
    if not getattr(user, "is_authenticated", False):
        return pending.none()
    return pending.filter(
        Q(city_id__in=_city_ids(user))
        | Q(national_network_id__in=_network_ids(user))
        | Q(created_by=user)
    )


def can_take_part_in_questions(user: Actor) -> bool:
    """Return whether the person may read, ask and answer questions (anyone with a role)."""
    return bool(active_grants(user))


def can_mark_helpful(user: Actor, question: Question) -> bool:
    """Return whether the person may mark answers as helpful: the asker only."""
    return bool(getattr(user, "is_authenticated", False) and question.asked_by_id == user.pk)


def get_question_cities(user: Actor) -> QuerySet[City]:
    """Return the cities the person speaks for in questions and answers.

    Only cities that may act for the network: a suspended city's people still ask and
    answer, as themselves, but not in its name (decision 0018).
    """
    return City.objects.filter(
        pk__in=_city_ids(user), status__in=[City.Status.APPLICANT, City.Status.MEMBER]
    )


def can_write_story(user: Actor, city: City) -> bool:
    """Return whether the person may write a story for ``city``: its people or the secretariat.

    Its people only while the city may act for the network.
    """
    return is_secretariat(user) or (city.pk in _city_ids(user) and city_may_act(city))


def can_write_news(user: Actor) -> bool:
    """Return whether the person may publish network news (the secretariat)."""
    return is_secretariat(user)


def can_edit_story(user: Actor, story: Story) -> bool:
    """Return whether the person may change the story."""
    if story.kind == Story.Kind.NEWS:
        return can_write_news(user)
    return story.city is not None and can_write_story(user, story.city)


def get_story_for_view(user: Actor, slug: str) -> Story:
    """Return the story the person may read (unpublished: its writers only), or raise 404."""
    story = (
        Story.objects.select_related("city")
        .prefetch_related("translations")
        .filter(slug=slug)
        .first()
    )
    if story is None or not (story.is_published or can_edit_story(user, story)):
        raise Http404
    return story
