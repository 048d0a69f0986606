"""Pages of the network's votes: the list, a motion, ballots, proxies, receipts, the recount."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from icc.core.forms import add_service_errors
from icc.core.pdf import offers_pdf
from icc.core.versions import VersionConflict
from icc.governance import permissions, selectors
from icc.governance.forms import BallotForm, MotionForm, ProxyForm, ReceiptForm
from icc.governance.models import Ballot, Motion, in_language
from icc.governance.services import votes as services
from icc.network.models import City


def _number(value: str | None) -> int:
    """Return ``value`` as a positive id, or 0 when it is not one."""
    return int(value) if value and value.isdigit() and len(value) < 12 else 0


def _save_motion(request: HttpRequest, motion: Motion | None) -> HttpResponse:
    initial = MotionForm.initial_for(motion) if motion else {"quorum_percent": 50}
    form = MotionForm(request.POST or None, instance=motion, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if motion is None:
                motion = services.create_motion(
                    created_by=request.user, record=form.record(), options=form.option_list()
                )
            else:
                motion = services.update_motion(
                    motion,
                    changed_by=request.user,
                    expected_version=form.cleaned_data.get("version"),
                    record=form.record(),
                    options=form.option_list(),
                )
        except VersionConflict:
            form.add_error(None, _("Someone changed this vote meanwhile; reload it to see how."))
            return render(
                request, "governance/motion_form.html", {"form": form, "motion": motion}, status=409
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The vote is saved."))
            return redirect(motion)
    return render(request, "governance/motion_form.html", {"form": form, "motion": motion})


@login_required
@require_http_methods(["GET", "POST"])
def motion_create(request: HttpRequest) -> HttpResponse:
    """Put a motion to the member cities (the secretariat)."""
    if not permissions.can_manage_governance(request.user):
        raise PermissionDenied
    return _save_motion(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def motion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a motion before it opens (the secretariat)."""
    motion = permissions.get_motion_for_view(request.user, pk)
    if not permissions.can_manage_governance(request.user):
        raise PermissionDenied
    if motion.opened_at is not None or motion.phase() != "scheduled":
        messages.error(request, _("A vote cannot change once it has opened."))
        return redirect(motion)
    return _save_motion(request, motion)


@login_required
@offers_pdf
def motion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a motion: its options and rules, the turnout, and after the close its result."""
    motion = permissions.get_motion_for_view(request.user, pk)
    motion = services.bring_up_to_date(motion)
    page = selectors.vote_page(motion, request.user)
    context: dict[str, Any] = {
        "motion": motion,
        "title": in_language(motion, "title"),
        "text": in_language(motion, "text"),
        "page": page,
        "options": list(motion.options.all()),
        "result_rows": selectors.result_rows(motion),
        "can_manage": permissions.can_manage_governance(request.user),
        "can_recount": permissions.can_recount(request.user, motion),
        "ballot_form": BallotForm(motion=motion),
        "proxy_forms": [
            (
                standing.city,
                ProxyForm(
                    initial={"giver": standing.city.pk},
                    cities=selectors.proxy_holder_choices(motion, standing.city),
                ),
            )
            for standing in page.standings
            if permissions.can_give_proxy(request.user, motion, standing.city)
            and standing.proxy_given_to is None
        ],
        "withdrawable": [
            s
            for s in page.standings
            if s.proxy_given_to is not None
            and permissions.can_give_proxy(request.user, motion, s.city)
        ],
    }
    return render(request, "governance/motion_detail.html", context)


@login_required
@require_POST
def ballot_cast(request: HttpRequest, pk: int) -> HttpResponse:
    """Cast a city's ballot; the receipt code is shown on the vote page."""
    motion = permissions.get_motion_for_view(request.user, pk)
    if not permissions.coordinated_city_ids(request.user):
        raise PermissionDenied  # only a city's coordinator votes: never the secretariat
    form = BallotForm(request.POST, motion=motion)
    if not form.is_valid():
        messages.error(request, _("Choose one of the options of this vote."))
        return redirect(motion)
    city = City.objects.filter(pk=form.cleaned_data["city"]).first()
    if city is None:
        raise PermissionDenied
    try:
        ballot = services.cast_ballot(
            motion, city=city, option_id=form.cleaned_data["option"], cast_by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The ballot of %(city)s is recorded. Its receipt code is %(code)s.")
            % {"city": city, "code": ballot.receipt},
        )
    return redirect(motion)


@login_required
@require_POST
def proxy_give(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a city's proxy to another member city, before the vote opens."""
    motion = permissions.get_motion_for_view(request.user, pk)
    own = permissions.coordinated_city_ids(request.user)
    if not own:
        raise PermissionDenied
    giver = City.objects.filter(pk__in=own, pk=_number(request.POST.get("giver"))).first()
    if giver is None:
        messages.error(request, _("Choose the city that gives its proxy."))
        return redirect(motion)
    form = ProxyForm(request.POST, cities=City.objects.all())
    if not form.is_valid():
        messages.error(request, _("Choose the city that will vote in your city's name."))
        return redirect(motion)
    try:
        services.give_proxy(
            motion, giver=giver, holder=form.cleaned_data["holder"], given_by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(city)s will vote in your city's name.") % {"city": form.cleaned_data["holder"]},
        )
    return redirect(motion)


@login_required
@require_POST
def proxy_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back a city's proxy before the vote opens."""
    motion = permissions.get_motion_for_view(request.user, pk)
    own = permissions.coordinated_city_ids(request.user)
    if not own:
        raise PermissionDenied
    giver = City.objects.filter(pk__in=own, pk=_number(request.POST.get("giver"))).first()
    if giver is None:
        messages.error(request, _("Choose the city that gives its proxy."))
        return redirect(motion)
    try:
        services.withdraw_proxy(motion, giver=giver, withdrawn_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proxy is withdrawn: your city votes itself."))
    return redirect(motion)


@login_required
def receipt_check(request: HttpRequest) -> HttpResponse:
    """Let a city check with its receipt code that its ballot is counted as cast."""
    permissions.require_reader(request.user)
    form = ReceiptForm(request.GET or None)
    ballot: Ballot | None = None
    searched = False
    if form.is_valid():
        searched = True
        ballot = services.find_ballot(form.cleaned_data["code"])
        if ballot is not None:
            ballot.motion = services.bring_up_to_date(ballot.motion)
    return render(
        request,
        "governance/receipt_check.html",
        {"form": form, "ballot": ballot, "searched": searched},
    )


@login_required
def motion_recount(request: HttpRequest, pk: int) -> HttpResponse:
    """Count a closed vote again from its ballots and list them (the secretariat)."""
    motion = permissions.get_motion_for_view(request.user, pk)
    motion = services.bring_up_to_date(motion)
    if not permissions.can_recount(request.user, motion):
        raise PermissionDenied
    result, matches = services.recount(motion, by=request.user)
    options = {option.pk: option for option in motion.options.all()}
    rows = [(options[int(pk)], n) for pk, n in result.counts.items()]
    ballots = (
        Ballot.objects.filter(motion=motion)
        .select_related("city", "option", "proxy_holder", "cast_by")
        .order_by("city__name")
    )
    return render(
        request,
        "governance/motion_recount.html",
        {
            "motion": motion,
            "title": in_language(motion, "title"),
            "result": result,
            "matches": matches,
            "rows": rows,
            "ballots": ballots,
        },
    )
