"""What the knowledge base shows on the home page: the latest practices and stories."""

from typing import Any

from django.db.models import Prefetch

from icc.practices.models import Practice, PracticeTranslation, Story

LATEST = 3


def latest_practices_and_stories() -> dict[str, Any] | None:
    """Return the newest published practices and stories, with their texts, or None."""
    practices = list(
        Practice.objects.published()
        .select_related("city", "national_network")
        .prefetch_related(Prefetch("translations", queryset=PracticeTranslation.objects.all()))
        .order_by("-published_at", "-id")[:LATEST]
    )
    stories = list(
        Story.objects.filter(is_published=True)
        .select_related("city")
        .prefetch_related("translations")
        .order_by("-published_at", "-id")[:LATEST]
    )
    if not practices and not stories:
        return None
    return {
        "practices": [(practice, practice.text()) for practice in practices],
        "stories": [(story, story.text()) for story in stories],
    }
