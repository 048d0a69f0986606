"""Who may do what in the barometer. Nobody but the company itself reads its answers.

- A company opens its own response, and only it, through its private link (the link is
  the permission: ``icc.barometer.links``); it answers, reads its report, downloads its
  answers and deletes them.
- A city's coordinator invites the city's companies and sends reminders; the city's
  people (coordinator, editor) and the secretariat read the city's response rate and its
  released group figures.
- Everyone with a role reads the network's released group figures.
- The secretariat creates rounds, sets the smallest group shown (k) and publishes.
- No role reads a company's answers or scores: only released figures (``release``).
  One exception: the secretariat reads a company's report (never its answers nor its
  performance figures) while the company shares it (``ReportShare``, decision 0051).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from icc.accounts.actors import Actor
from icc.accounts.models import Role
from icc.accounts.permissions import active_grants, has_role, is_secretariat
from icc.barometer.models import Invitation, ReportShare, Response, Round
from icc.network.models import City
from icc.network.permissions import get_own_cities, is_city_person


def can_manage_rounds(user: Actor | None) -> bool:
    """Return whether the person creates rounds, sets k and publishes (the secretariat)."""
    return is_secretariat(user)


def can_invite_companies(user: Actor | None, city: City) -> bool:
    """Return whether the person invites the city's companies (its coordinator)."""
    return has_role(user, Role.CITY_COORDINATOR, city_id=city.pk)


def can_view_city_results(user: Actor | None, city: City) -> bool:
    """Return whether the person reads the city's response rate and released figures."""
    return is_secretariat(user) or is_city_person(user, city)


def can_view_network_results(user: Actor | None) -> bool:
    """Return whether the person reads the network's released figures (anyone with a role)."""
    return bool(active_grants(user))


def can_answer(invitation: Invitation) -> bool:
    """Return whether the company may still change its answers: the round is open."""
    return invitation.round.is_open() and not invitation.is_erased


def get_cities_for_invitations(user: Actor | None) -> list[City]:
    """Return the cities whose barometer pages the person opens."""
    if is_secretariat(user):
        return list(City.objects.order_by("name"))
    return get_own_cities(user)


def get_round_for_view(user: Actor, pk: int) -> Round:
    """Return the round, for anyone who reads network figures; else refuse."""
    if not can_view_network_results(user):
        raise PermissionDenied
    return get_object_or_404(Round, pk=pk)


def get_city_for_results(user: Actor, slug: str) -> City:
    """Return the city whose barometer page the person opens; else refuse."""
    city = get_object_or_404(City, slug=slug)
    if not can_view_city_results(user, city):
        raise PermissionDenied
    return city


def can_open_shared_report(user: Actor | None, invitation: Invitation) -> bool:
    """Return whether the person reads this company's report: the secretariat, while shared."""
    return (
        is_secretariat(user)
        and not invitation.is_erased
        and ReportShare.objects.filter(invitation=invitation, withdrawn_at__isnull=True).exists()
        and Response.objects.filter(invitation=invitation).exists()
    )


def can_list_shared_reports(user: Actor | None) -> bool:
    """Return whether the person sees which companies share their report (the secretariat)."""
    return is_secretariat(user)


def get_shared_report_for_view(user: Actor, pk: int) -> Invitation:
    """Return the invitation whose shared report the person opens; else refuse.

    Anyone but the secretariat is refused; for the secretariat, a report not shared (or
    no longer shared) does not exist.
    """
    if not is_secretariat(user):
        raise PermissionDenied
    invitation = get_object_or_404(Invitation.objects.select_related("round", "city"), pk=pk)
    if not can_open_shared_report(user, invitation):
        from django.http import Http404

        raise Http404
    return invitation
