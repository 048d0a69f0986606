"""Who may read, write and moderate good practices.

- Everyone reads published practices.
- A city's coordinators and editors write the practices of their city; a
  national network's coordinator those of the network; the author keeps
  access to a regional or national body's practice they wrote.
- The secretariat moderates every practice; a national network's coordinator
  moderates the practices of the network's cities and of the network itself.
- While a practice waits for review, only moderators change it.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from icc.accounts.models import CITY_ROLES, Role
from icc.accounts.permissions import active_grants, is_secretariat
from icc.network.models import City
from icc.network.permissions import city_may_act
from icc.practices.models import (
    Practice,
    PracticeAttachment,
    PracticeQuerySet,
    Question,
    Story,
)


def _city_ids(user: Any) -> set[int]:
    return {
        grant.city_id
        for grant in active_grants(user)
        if grant.role in CITY_ROLES and grant.city_id is not None
    }


def _network_ids(user: Any) -> set[int]:
    return {
        grant.national_network_id
        for grant in active_grants(user)
        if grant.role == Role.NETWORK_COORDINATOR and grant.national_network_id is not None
    }


def is_owner(user: Any, practice: Practice) -> bool:
    """Return whether the person writes for the practice's owner."""
    if not getattr(user, "is_authenticated", False):
        return False
    if practice.city_id and practice.city_id in _city_ids(user):
        return True
    if practice.national_network_id and practice.national_network_id in _network_ids(user):
        return True
    return bool(practice.created_by_id == user.pk and active_grants(user))


def can_moderate_practice(user: Any, practice: Practice) -> bool:
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


def can_view_practice(user: Any, practice: Practice) -> bool:
    """Return whether the person may read the practice (drafts: owners and moderators)."""
    return (
        practice.status == Practice.Status.PUBLISHED
        or is_owner(user, practice)
        or can_moderate_practice(user, practice)
    )


def can_download_attachment(user: Any, attachment: PracticeAttachment) -> bool:
    """Return whether the person may open a practice's file: whoever may read the practice."""
    return can_view_practice(user, attachment.practice)


def can_create_practice(user: Any) -> bool:
    """Return whether the person may write a practice for someone (any writing role)."""
    return is_secretariat(user) or bool(_city_ids(user) or _network_ids(user))


def can_edit_practice(user: Any, practice: Practice) -> bool:
    """Return whether the person may change the practice's record and texts."""
    if can_moderate_practice(user, practice):
        return True
    return is_owner(user, practice) and practice.status != Practice.Status.SUBMITTED


def can_submit_practice(user: Any, practice: Practice) -> bool:
    """Return whether the person may send the draft for review.

    A city's practice goes forward only while the city may act for the network.
    """
    city = practice.city
    if city is not None and not city_may_act(city) and not is_secretariat(user):
        return False
    return practice.status == Practice.Status.DRAFT and (
        is_owner(user, practice) or can_moderate_practice(user, practice)
    )


def can_delete_practice(user: Any, practice: Practice) -> bool:
    """Return whether the person may delete the practice: the secretariat, or owners of a draft."""
    return is_secretariat(user) or (
        is_owner(user, practice) and practice.status == Practice.Status.DRAFT
    )


def can_view_practice_history(user: Any, practice: Practice) -> bool:
    """Return whether the person may read the practice's edit history."""
    return is_owner(user, practice) or can_moderate_practice(user, practice)


def can_manage_challenges(user: Any) -> bool:
    """Return whether the person may change the taxonomy of challenges."""
    return is_secretariat(user)


def get_owner_cities(user: Any) -> QuerySet[City]:
    """Return the cities the person may write practices for."""
    if is_secretariat(user):
        return City.objects.visible_to_public()
    return City.objects.filter(pk__in=_city_ids(user)).visible_to_public()


def get_practice_for_view(user: Any, slug: str) -> Practice:
    """Return the practice the person may read, or raise 404."""
    practice = Practice.objects.with_texts().filter(slug=slug).first()
    if practice is None or not can_view_practice(user, practice):
        raise Http404
    return practice


def get_practices_for_workspace(user: Any) -> PracticeQuerySet:
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


def get_practices_to_moderate(user: Any) -> PracticeQuerySet:
    """Return the submitted practices the person may publish or send back."""
    submitted = Practice.objects.filter(status=Practice.Status.SUBMITTED)
    if is_secretariat(user):
        return submitted
    networks = _network_ids(user)
    return submitted.filter(
        Q(national_network_id__in=networks) | Q(city__national_network_id__in=networks)
    )


def can_take_part_in_questions(user: Any) -> bool:
    """Return whether the person may read, ask and answer questions (anyone with a role)."""
    return bool(active_grants(user))


def can_mark_helpful(user: Any, question: Question) -> bool:
    """Return whether the person may mark answers as helpful: the asker only."""
    return bool(getattr(user, "is_authenticated", False) and question.asked_by_id == user.pk)


def get_question_cities(user: Any) -> QuerySet[City]:
    """Return the cities the person speaks for in questions and answers."""
    return City.objects.filter(pk__in=_city_ids(user))


def can_write_story(user: Any, city: City) -> bool:
    """Return whether the person may write a story for ``city``: its people or the secretariat."""
    return is_secretariat(user) or city.pk in _city_ids(user)


def can_write_news(user: Any) -> bool:
    """Return whether the person may publish network news (the secretariat)."""
    return is_secretariat(user)


def can_edit_story(user: Any, story: Story) -> bool:
    """Return whether the person may change the story."""
    if story.kind == Story.Kind.NEWS:
        return can_write_news(user)
    return story.city is not None and can_write_story(user, story.city)


def get_story_for_view(user: Any, slug: str) -> Story:
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
