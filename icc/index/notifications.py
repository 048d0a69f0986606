"""Whom the Index review tells, and of what.

Found by ``accounts`` at start-up, as the admin finds ``admin.py`` (decision 0017).
"""

from collections.abc import Iterable
from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from icc.accounts.actors import Actor
from icc.accounts.models import User
from icc.accounts.notifications import (
    in_each_language,
    is_person,
    notify,
    register_notification_kinds,
)
from icc.accounts.selectors import people_of_city, secretariat_people
from icc.index.models import AnswerReview, Response
from icc.network.notifications import city_name

register_notification_kinds(
    {
        "index.answer.queried": _(
            "%(city)s: %(actor)s queried the answer to “%(question)s” (%(round)s); the city "
            "may reply."
        ),
        "index.query.replied": _(
            "%(city)s: %(actor)s replied to a query on the Index answers (%(round)s)."
        ),
        "index.response.validated": _(
            "%(city)s: %(actor)s validated the Index answers (%(round)s); the scores are computed."
        ),
        "index.response.published": _(
            "%(city)s: %(actor)s published the Index results (%(round)s)."
        ),
    }
)


def _context(response: Response) -> dict[str, Any]:
    return {"city": city_name(response.city), "round": str(response.round)}


def _question(response: Response, question_id: str) -> dict[str, str] | str:
    """Return the start of the question's text in each language, to tell queries apart."""
    try:
        text = response.round.edition.method.question(question_id).text
    except KeyError:
        return question_id
    return in_each_language(lambda language: Truncator(text.in_language(language)).chars(90))


def answer_queried(review: AnswerReview, *, by: Actor | None) -> None:
    """Tell the city's people that a reviewer queried one of its answers."""
    if not is_person(by):
        return
    response = review.answer.response
    notify(
        people_of_city(response.city),
        kind="index.answer.queried",
        target=response,
        actor=by,
        context=_context(response) | {"question": _question(response, review.answer.question_id)},
    )


def query_replied(review: AnswerReview, *, by: Actor | None) -> None:
    """Tell the reviewer who raised the query (else the secretariat) that the city replied."""
    if not is_person(by):
        return
    response = review.answer.response
    recipients = [review.reviewer] if review.reviewer is not None else list(secretariat_people())
    notify(
        recipients,
        kind="index.query.replied",
        target=response,
        actor=by,
        context=_context(response),
    )


def response_validated(response: Response, *, by: Actor | None) -> None:
    """Tell the city's people that their answers are validated and scored."""
    if not is_person(by):
        return
    notify(
        people_of_city(response.city),
        kind="index.response.validated",
        target=response,
        actor=by,
        context=_context(response),
    )


def response_published(
    response: Response, *, by: Actor | None, people: Iterable[User] | None = None
) -> None:
    """Tell the city's people (``people`` when already read) that their results are public."""
    if not is_person(by):
        return
    notify(
        people_of_city(response.city) if people is None else people,
        kind="index.response.published",
        target=response,
        actor=by,
        context=_context(response),
    )
