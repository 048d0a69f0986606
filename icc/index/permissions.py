"""Who may answer, review, validate and publish the Index, and who may see what.

Every access rule of the Index is here, and only here: the services refuse what these
functions refuse, and the pages show a button only when the same function allows it.
"""

from django.db.models import QuerySet
from django.http import Http404

from icc.accounts.actors import Actor
from icc.accounts.models import CITY_ROLES, Role
from icc.accounts.permissions import active_grants, has_role, is_secretariat
from icc.index.models import Answer, EvidenceFile, Response, Round
from icc.network.models import City
from icc.network.permissions import can_read_city_space, city_may_act

# Statuses in which the city's answers are in the hands of reviewers.
REVIEW_STATUSES = frozenset(
    {
        Response.Status.SUBMITTED,
        Response.Status.IN_REVIEW,
        Response.Status.RIGHT_OF_REPLY,
    }
)


def is_city_member(user: Actor | None, city_id: int) -> bool:
    """Return whether the person is the coordinator or an editor of the city."""
    return any(
        grant.role in CITY_ROLES and grant.city_id == city_id for grant in active_grants(user)
    )


def is_reviewer(user: Actor | None) -> bool:
    """Return whether the person reviews Index answers (an expert or the secretariat)."""
    return is_secretariat(user) or has_role(user, Role.EXPERT)


def can_manage_editions(user: Actor | None) -> bool:
    """Return whether the person may load and check edition files (the secretariat)."""
    return is_secretariat(user)


def can_manage_rounds(user: Actor | None) -> bool:
    """Return whether the person may load editions, open rounds and import answers."""
    return is_secretariat(user)


def can_start_response(user: Actor | None, index_round: Round, city: City) -> bool:
    """Return whether the person may start the city's answers to the round now.

    The city's people start while the round is open, the secretariat at any time (for an
    import); either way only for a city that may act for the network.
    """
    if not city_may_act(city):
        return False
    if can_manage_rounds(user):
        return True
    return is_city_member(user, city.pk) and index_round.is_open_on()


def can_open_response(user: Actor | None, city: City) -> bool:
    """Return whether the person may go to the city's answers once they exist (its people, the
    secretariat); what they may then read or change is ``can_view_response``, ``can_answer``."""
    return can_manage_rounds(user) or is_city_member(user, city.pk)


def get_answering_cities(user: Actor | None) -> list[City]:
    """Return the cities the person answers for (coordinator or editor) and may still read."""
    city_ids = [
        grant.city_id
        for grant in active_grants(user)
        if grant.role in CITY_ROLES and grant.city_id is not None
    ]
    return [
        city for city in City.objects.filter(pk__in=city_ids) if can_read_city_space(user, city)
    ]


def can_view_response(user: Actor | None, response: Response) -> bool:
    """Return whether the person may read a response's answers, published or not.

    Reviewers read every response; the city's people read theirs while the platform lets
    them read the city's records (a suspended city still reads, a city that left does not).
    """
    return is_reviewer(user) or can_read_city_space(user, response.city)


def can_download_evidence(user: Actor | None, evidence: EvidenceFile) -> bool:
    """Return whether the person may open an answer's evidence file: whoever reads the answers."""
    return can_view_response(user, evidence.answer.response)


def can_answer(user: Actor | None, response: Response) -> bool:
    """Return whether the person may change answers now.

    The city's coordinator and editors answer a draft while the round is open and the
    city may act for the network (``city_may_act``: not suspended, not gone); during the
    right of reply they may also correct queried answers. The secretariat may correct
    answers before validation.
    """
    if response.is_frozen:
        return False
    if is_secretariat(user):
        return True
    if not is_city_member(user, response.city_id):
        return False
    if not city_may_act(response.city):
        return False
    if response.status == Response.Status.RIGHT_OF_REPLY:
        return True
    return response.status == Response.Status.DRAFT and response.round.is_open_on()


def can_change_answer(user: Actor | None, response: Response, answer: Answer | None) -> bool:
    """Return whether the person may change this answer (or write it, when ``None``) now.

    Whoever may answer (``can_answer``) may change any answer, except during the right of
    reply: then the city's people change only the answers a reviewer queried, and the
    secretariat any answer.
    """
    if not can_answer(user, response):
        return False
    if response.status != Response.Status.RIGHT_OF_REPLY or is_secretariat(user):
        return True
    return answer is not None and answer.review_status == Answer.ReviewStatus.QUERIED


def can_submit(user: Actor | None, response: Response) -> bool:
    """Return whether the person may submit the draft now.

    The city's coordinator submits while the round is open, the secretariat at any time;
    a suspended city, or one that left the network, cannot submit.
    """
    if response.status != Response.Status.DRAFT:
        return False
    if not city_may_act(response.city):
        return False
    if is_secretariat(user):
        return True
    return (
        has_role(user, Role.CITY_COORDINATOR, city_id=response.city_id)
        and response.round.is_open_on()
    )


def can_review(user: Actor | None, response: Response) -> bool:
    """Return whether the person may accept or query answers of this response now."""
    return is_reviewer(user) and response.status in REVIEW_STATUSES


def can_reply(user: Actor | None, response: Response) -> bool:
    """Return whether the person may reply to queries (the city, during its right of reply).

    Replying is an act of the city: a suspended city, or one that left, cannot reply.
    """
    return (
        response.status in (Response.Status.IN_REVIEW, Response.Status.RIGHT_OF_REPLY)
        and is_city_member(user, response.city_id)
        and city_may_act(response.city)
    )


def can_give_consent(user: Actor | None, response: Response) -> bool:
    """Return whether the person may consent to publishing the city's results (its coordinator).

    Consenting to publication (or withdrawing it) is an act of the city, so it needs a
    city that may act for the network.
    """
    return city_may_act(response.city) and has_role(
        user, Role.CITY_COORDINATOR, city_id=response.city_id
    )


def can_validate(user: Actor | None, response: Response) -> bool:
    """Return whether the person may validate the response (the secretariat, after review)."""
    return is_secretariat(user) and response.status in REVIEW_STATUSES


def can_publish(user: Actor | None, response: Response) -> bool:
    """Return whether the person may publish the results (the secretariat, with consent)."""
    return (
        is_secretariat(user)
        and response.status == Response.Status.VALIDATED
        and response.has_public_consent
    )


def can_publish_round(user: Actor | None, index_round: Round) -> bool:
    """Return whether the person may publish at once every validated result with consent.

    The secretariat, as for one city (``can_publish``): the responses published are those
    validated whose city consented.
    """
    return is_secretariat(user)


def can_view_round_progress(user: Actor | None) -> bool:
    """Return whether the person sees how many responses of a round stand at each step."""
    return is_secretariat(user)


def can_view_history(user: Actor | None, response: Response) -> bool:
    """Return whether the person may read every change made to the answers."""
    return is_secretariat(user)


def get_response_for_view(user: Actor | None, pk: int) -> Response:
    """Return the response the person may read, or raise 404 (outsiders never learn it exists)."""
    response = Response.objects.select_related("city", "round__edition").filter(pk=pk).first()
    if response is None or not can_view_response(user, response):
        raise Http404
    return response


def get_responses_for_user(user: Actor | None) -> QuerySet[Response]:
    """Return the responses the person may open: all for reviewers, their cities' for cities.

    A city that left the network is readable by the secretariat only (``can_view_response``).
    """
    responses = Response.objects.select_related("city", "round__edition")
    if is_reviewer(user):
        return responses
    city_ids = [
        grant.city_id
        for grant in active_grants(user)
        if grant.role in CITY_ROLES and grant.city_id is not None
    ]
    return responses.filter(city_id__in=city_ids).exclude(city__status=City.Status.LEFT)


def get_rounds_for_management(user: Actor | None) -> QuerySet[Round]:
    """Return the rounds the person may manage (all for the secretariat, else none)."""
    rounds = Round.objects.select_related("edition")
    return rounds if can_manage_rounds(user) else rounds.none()
