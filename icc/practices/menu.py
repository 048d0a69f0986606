"""The account menu's links to the person's practices and the questions to the network."""

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.core.menus import MenuLink
from icc.practices.models import Practice, Story
from icc.practices.permissions import can_take_part_in_questions, can_view_practice_workspace


def account_links(user: Actor) -> Iterator[MenuLink]:
    """Link the workspace and the questions, to those the views let in."""
    if can_view_practice_workspace(user):
        yield MenuLink(_("My practices"), reverse("practices:workspace"))
    if can_take_part_in_questions(user):
        yield MenuLink(_("Questions to the network"), reverse("practices:question-list"))


# A profile lists the city's newest practices and stories; the rest are a search away.
CITY_PROFILE_LIMIT = 5


def city_links(city: Any, user: Actor) -> Iterator[MenuLink]:
    """Link the city's newest published practices and stories (public)."""
    practices = (
        Practice.objects.published()
        .filter(city=city)
        .prefetch_related("translations")
        .order_by("-published_at", "-pk")[:CITY_PROFILE_LIMIT]
    )
    for practice in practices:
        yield MenuLink(
            _("Good practice: %(title)s") % {"title": practice}, practice.get_absolute_url()
        )
    stories = (
        Story.objects.filter(city=city, kind=Story.Kind.STORY, is_published=True)
        .prefetch_related("translations")
        .order_by("-pk")[:CITY_PROFILE_LIMIT]
    )
    for story in stories:
        yield MenuLink(_("Story: %(title)s") % {"title": story}, story.get_absolute_url())
