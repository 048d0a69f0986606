"""Pages of the policy lab: public journeys, lab outcomes and strategies; the workspace."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from icc.core.forms import add_service_errors
from icc.core.page_cache import cache_public_page
from icc.core.pdf import offers_pdf
from icc.core.versions import VersionConflict
from icc.policylab import framework, permissions, selectors
from icc.policylab.forms import (
    ContactForm,
    DecisionForm,
    DocumentForm,
    FollowUpForm,
    LabForm,
    MappingForm,
    MergeForm,
    OutcomeForm,
    SessionForm,
    StakeholderForm,
    StrategyForm,
    UptakeForm,
)
from icc.policylab.models import (
    Lab,
    LabSession,
    Level,
    NationalStrategy,
    Outcome,
    Stakeholder,
    Uptake,
)
from icc.policylab.services import labs, stakeholders, strategies, uptakes

CHANGED_MEANWHILE = gettext_lazy("Someone changed this meanwhile; reload the page to see how.")


# Public pages --------------------------------------------------------------------------


@cache_public_page(scopes=["policylab", "practices"], query=())
def home(request: HttpRequest) -> HttpResponse:
    """Show the published labs, the latest confirmed uptakes and the national strategies."""
    recent = list(
        Uptake.objects.confirmed()
        .select_related("adopter_city", "adopter_stakeholder", "strategy")
        .order_by("-confirmed_at", "-pk")[:10]
    )
    titles = selectors.practice_refs({row.practice_id for row in recent})
    return render(
        request,
        "policylab/home.html",
        {
            "labs": Lab.objects.filter(is_published=True),
            "journeys": selectors.travelled_practices(),
            "recent": [(row, titles.get(row.practice_id)) for row in recent],
            "strategies": NationalStrategy.objects.all(),
            "can_use": permissions.can_use_lab(request.user),
        },
    )


@cache_public_page(scopes=["policylab", "practices"], query=())
@offers_pdf
def journey(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a published practice's journey: the graph, the same as a list, and the uptakes."""
    practice = selectors.practice_by_slug(slug)
    if practice is None:
        raise Http404
    signed_in = permissions.can_use_lab(request.user)
    context = selectors.journey_page(practice, confirmed_only=not signed_in)
    context["can_record"] = permissions.can_record_uptakes(request.user)
    context["shows_proposed"] = signed_in
    return render(request, "policylab/journey.html", context)


@cache_public_page(scopes=["policylab", "practices"], query=())
@offers_pdf
def lab_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a lab: its theme, participants by level, sessions, documents and outcomes."""
    lab = permissions.get_lab_for_view(request.user, slug)
    sessions = lab.sessions.prefetch_related("documents", "outcomes__owner")
    follow_ups = {
        outcome.pk
        for session in sessions
        for outcome in session.outcomes.all()
        if permissions.can_follow_up_outcome(request.user, outcome)
    }
    return render(
        request,
        "policylab/lab_detail.html",
        {
            "lab": lab,
            "sessions": sessions,
            "participants": selectors.stakeholders_by_level(lab.stakeholders.all()),
            "can_manage": permissions.can_manage_labs(request.user),
            "follow_ups": follow_ups,
        },
    )


@cache_public_page(scopes=["policylab", "practices"], query=())
def strategy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a national strategy and the local practices that fed it (the reverse journey)."""
    strategy = permissions.get_strategy_for_view(slug)
    return render(
        request,
        "policylab/strategy_detail.html",
        {
            "strategy": strategy,
            "feeders": selectors.strategy_feeders(strategy),
            "can_use": permissions.can_use_lab(request.user),
        },
    )


def uptake_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one uptake with its evidence, and the confirmation buttons to the other side."""
    uptake = (
        Uptake.objects.select_related("adopter_city", "adopter_stakeholder", "strategy", "source")
        .filter(pk=pk)
        .first()
    )
    if uptake is None or not permissions.can_read_uptake(request.user, uptake):
        raise Http404
    practice = selectors.practice_by_id(uptake.practice_id)
    if practice is None:
        raise Http404
    can_decide = permissions.can_confirm_uptake(
        request.user, uptake, origin_city_id=practice.city_id
    )
    return render(
        request,
        "policylab/uptake_detail.html",
        {
            "uptake": uptake,
            "practice": practice,
            "practice_link": selectors.practice_title(practice.id),
            "can_decide": can_decide,
            "form": DecisionForm(initial={"version": uptake.version}),
        },
    )


class UptakeFeed(Feed):
    """The newest confirmed uptakes of good practices, as an Atom feed."""

    feed_type = Atom1Feed
    title = gettext_lazy("Intercultural Cities: good practices taken up")
    subtitle = gettext_lazy("Cities, regions and countries that took up a good practice.")

    def link(self) -> str:
        return reverse("policylab:home")

    def items(self) -> Any:
        rows = list(
            Uptake.objects.confirmed()
            .select_related("adopter_city", "adopter_stakeholder", "strategy")
            .order_by("-confirmed_at", "-pk")[:30]
        )
        self._titles = selectors.published_practice_titles({row.practice_id for row in rows})
        return [row for row in rows if row.practice_id in self._titles]

    def item_title(self, item: Uptake) -> str:
        return _("%(adopter)s took up “%(practice)s”") % {
            "adopter": item.adopter_label,
            "practice": self._titles[item.practice_id].title,
        }

    def item_description(self, item: Uptake) -> str:
        return f"{Uptake.Kind(item.kind).label}. {item.adaptation}".strip()

    def item_link(self, item: Uptake) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Uptake) -> Any:
        return item.confirmed_at

    def item_updateddate(self, item: Uptake) -> Any:
        return item.confirmed_at


# Workspace ------------------------------------------------------------------------------


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """List what waits for the person, the labs, the strategies and the lab's tools."""
    permissions.require_lab_user(request.user)
    waiting = []
    for uptake in Uptake.objects.filter(status=Uptake.Status.PROPOSED).select_related(
        "adopter_city", "adopter_stakeholder", "strategy"
    )[:200]:
        practice = selectors.practice_by_id(uptake.practice_id)
        if practice and permissions.can_confirm_uptake(
            request.user, uptake, origin_city_id=practice.city_id
        ):
            waiting.append(uptake)
    open_commitments = Outcome.objects.filter(
        kind=Outcome.Kind.COMMITMENT, status=Outcome.Status.OPEN
    ).select_related("owner", "session__lab")
    return render(
        request,
        "policylab/workspace.html",
        {
            "waiting": waiting,
            "own_practices": selectors.practices_of_cities_refs(
                permissions.acting_city_ids(request.user)
            ),
            "journeys": selectors.travelled_practices(),
            "labs": Lab.objects.all(),
            "strategies": NationalStrategy.objects.all(),
            "open_commitments": open_commitments,
            "can_manage_labs": permissions.can_manage_labs(request.user),
            "can_add_stakeholder": permissions.can_add_stakeholder(request.user),
            "can_add_strategy": permissions.can_add_strategy(request.user),
        },
    )


@login_required
def stakeholder_list(request: HttpRequest) -> HttpResponse:
    """List the active stakeholders, by level, filtered by name, level or country."""
    permissions.require_lab_user(request.user)
    rows = Stakeholder.objects.active()
    query = request.GET.get("q", "").strip()[:100]
    level = request.GET.get("level", "")
    if query:
        rows = rows.filter(name__icontains=query)
    if level in Level.values:
        rows = rows.filter(level=level)
    return render(
        request,
        "policylab/stakeholder_list.html",
        {
            "groups": selectors.stakeholders_by_level(rows),
            "query": query,
            "level": level,
            "levels": Level.choices,
            "can_add": permissions.can_add_stakeholder(request.user),
        },
    )


@login_required
def stakeholder_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a stakeholder; its contact people only to those who may see them."""
    stakeholder = permissions.get_stakeholder_for_view(request.user, pk)
    may_see_contacts = permissions.can_view_contacts(request.user, stakeholder)
    return render(
        request,
        "policylab/stakeholder_detail.html",
        {
            "stakeholder": stakeholder,
            "contacts": stakeholder.contacts.all() if may_see_contacts else None,
            "can_edit": permissions.can_edit_stakeholder(request.user, stakeholder)
            and not stakeholder.is_merged,
            "labs": stakeholder.labs.all(),
            "commitments": stakeholder.commitments.select_related("session__lab"),
        },
    )


def _stakeholder_form(request: HttpRequest, stakeholder: Stakeholder | None) -> HttpResponse:
    initial: dict[str, Any] = {}
    if stakeholder is not None:
        initial = {
            "name": stakeholder.name,
            "level": stakeholder.level,
            "kind": stakeholder.kind,
            "country": stakeholder.country,
            "region": stakeholder.region,
            "cities": stakeholder.cities.all(),
            "national_networks": stakeholder.national_networks.all(),
            "version": stakeholder.version,
        }
    form = StakeholderForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if stakeholder is None:
                stakeholder = stakeholders.create_stakeholder(
                    created_by=request.user,
                    record=form.record(),
                    cities=data["cities"],
                    national_networks=data["national_networks"],
                )
            else:
                stakeholders.update_stakeholder(
                    stakeholder,
                    changed_by=request.user,
                    expected_version=data.get("version"),
                    record=form.record(),
                    cities=data["cities"],
                    national_networks=data["national_networks"],
                )
        except VersionConflict:
            form.add_error(None, CHANGED_MEANWHILE)
            status = 409
        except PermissionDenied:
            form.add_error(
                "country", _("You may only record bodies of the country you coordinate.")
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The stakeholder is saved."))
            return redirect(stakeholder)
    return render(
        request,
        "policylab/stakeholder_form.html",
        {"form": form, "stakeholder": stakeholder},
        status=status,
    )


@login_required
def stakeholder_create(request: HttpRequest) -> HttpResponse:
    """Add a stakeholder (the secretariat, national coordinators for their country)."""
    if not permissions.can_add_stakeholder(request.user):
        raise PermissionDenied
    return _stakeholder_form(request, None)


@login_required
def stakeholder_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a stakeholder."""
    return _stakeholder_form(request, permissions.get_stakeholder_for_edit(request.user, pk))


@login_required
def stakeholder_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge a duplicate stakeholder into the one to keep."""
    duplicate = permissions.get_stakeholder_for_view(request.user, pk)
    if not permissions.can_edit_stakeholder(request.user, duplicate):
        raise PermissionDenied
    form = MergeForm(request.POST or None, duplicate=duplicate)
    if request.method == "POST" and form.is_valid():
        try:
            kept = stakeholders.merge_stakeholders(
                duplicate, into=form.cleaned_data["into"], merged_by=request.user
            )
        except PermissionDenied:
            form.add_error("into", _("You may not change that stakeholder."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The stakeholders are merged."))
            return redirect(kept)
    return render(
        request, "policylab/stakeholder_merge.html", {"form": form, "stakeholder": duplicate}
    )


@login_required
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a contact person to a stakeholder."""
    stakeholder = permissions.get_stakeholder_for_edit(request.user, pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stakeholders.add_contact(stakeholder, added_by=request.user, record=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The contact person is saved."))
            return redirect(stakeholder)
    return render(
        request, "policylab/contact_form.html", {"form": form, "stakeholder": stakeholder}
    )


# Labs -----------------------------------------------------------------------------------


def _require_lab_manager(request: HttpRequest) -> None:
    if not permissions.can_manage_labs(request.user):
        raise PermissionDenied


def _lab_form(request: HttpRequest, lab: Lab | None) -> HttpResponse:
    initial: dict[str, Any] = {}
    if lab is not None:
        initial = {
            "title_en": lab.title_en,
            "title_fr": lab.title_fr,
            "theme_en": lab.theme_en,
            "theme_fr": lab.theme_fr,
            "place": lab.place,
            "stakeholders": lab.stakeholders.all(),
            "is_published": lab.is_published,
            "version": lab.version,
        }
    form = LabForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("stakeholders")
        try:
            if lab is None:
                lab = labs.create_lab(created_by=request.user, record=data, stakeholders=chosen)
            else:
                labs.update_lab(
                    lab,
                    changed_by=request.user,
                    expected_version=data.pop("version", None),
                    record=data,
                    stakeholders=chosen,
                )
        except VersionConflict:
            form.add_error(None, CHANGED_MEANWHILE)
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The lab is saved."))
            return redirect(lab)
    return render(request, "policylab/lab_form.html", {"form": form, "lab": lab}, status=status)


@login_required
def lab_create(request: HttpRequest) -> HttpResponse:
    """Create a lab (the secretariat)."""
    _require_lab_manager(request)
    return _lab_form(request, None)


@login_required
def lab_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Change a lab (the secretariat)."""
    _require_lab_manager(request)
    return _lab_form(request, permissions.get_lab_for_view(request.user, slug))


@login_required
def session_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a session to a lab."""
    _require_lab_manager(request)
    lab = permissions.get_lab_for_view(request.user, slug)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            labs.add_session(lab, added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The session is saved."))
            return redirect(lab)
    return render(request, "policylab/session_form.html", {"form": form, "lab": lab})


def _session(request: HttpRequest, pk: int) -> LabSession:
    _require_lab_manager(request)
    session = LabSession.objects.select_related("lab").filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


@login_required
def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a document to a session."""
    session = _session(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        labs.add_document(session, added_by=request.user, **form.cleaned_data)
        messages.success(request, _("The document is saved."))
        return redirect(session.lab)
    return render(request, "policylab/document_form.html", {"form": form, "session": session})


@login_required
def outcome_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a recommendation or a commitment of a session."""
    session = _session(request, pk)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            labs.add_outcome(session, added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The outcome is saved."))
            return redirect(session.lab)
    return render(request, "policylab/outcome_form.html", {"form": form, "session": session})


@login_required
def outcome_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a commitment up: open, done or dropped, with what was done."""
    outcome = Outcome.objects.select_related("session__lab", "owner").filter(pk=pk).first()
    if outcome is None:
        raise Http404
    if not permissions.can_follow_up_outcome(request.user, outcome):
        raise PermissionDenied
    form = FollowUpForm(
        request.POST or None,
        initial={
            "status": outcome.status,
            "follow_up": outcome.follow_up,
            "version": outcome.version,
        },
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            labs.follow_up_outcome(
                outcome,
                followed_up_by=request.user,
                expected_version=form.cleaned_data.get("version"),
                status=form.cleaned_data["status"],
                follow_up=form.cleaned_data["follow_up"],
                on=timezone.localdate(),
            )
        except VersionConflict:
            form.add_error(None, CHANGED_MEANWHILE)
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up is saved."))
            return redirect(outcome.session.lab)
    return render(
        request, "policylab/follow_up_form.html", {"form": form, "outcome": outcome}, status=status
    )


# Uptakes --------------------------------------------------------------------------------


@login_required
def uptake_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Record an uptake of a published practice; the other side or the secretariat confirms."""
    if not permissions.can_record_uptakes(request.user):
        raise PermissionDenied
    practice = selectors.practice_by_slug(slug)
    if practice is None:
        raise Http404
    form = UptakeForm(request.POST or None, request.FILES or None, practice_id=practice.id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            uptake = uptakes.record_uptake(
                practice,
                recorded_by=request.user,
                kind=data["kind"],
                adopted_on=data["adopted_on"],
                adopter_city=data["adopter_city"],
                adopter_stakeholder=data["adopter_stakeholder"],
                strategy=data["strategy"],
                source=data["source"],
                adaptation=data["adaptation"],
                evidence_url=data["evidence_url"],
                evidence_file=data["evidence_file"],
                elements=data["elements"],
            )
        except PermissionDenied:
            form.add_error(
                None,
                _(
                    "You may record an uptake of your own city's practice, or your own "
                    "city's or country's uptake of another's."
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The uptake is recorded; it waits for confirmation."))
            return redirect(uptake)
    return render(
        request,
        "policylab/uptake_form.html",
        {
            "form": form,
            "practice": practice,
            "practice_link": selectors.practice_title(practice.id),
        },
    )


@login_required
@require_POST
def uptake_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm an uptake, or decline it."""
    uptake = Uptake.objects.filter(pk=pk).first()
    if uptake is None:
        raise Http404
    practice = selectors.practice_by_id(uptake.practice_id)
    if practice is None:
        raise Http404
    if not permissions.can_confirm_uptake(request.user, uptake, origin_city_id=practice.city_id):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to confirm the uptake."))
        return redirect(uptake)
    try:
        uptakes.decide_uptake(
            uptake,
            decided_by=request.user,
            expected_version=form.cleaned_data.get("version"),
            confirm=form.cleaned_data["decision"] == "confirm",
            origin_city_id=practice.city_id,
        )
    except VersionConflict:
        messages.error(request, str(CHANGED_MEANWHILE))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your decision is saved."))
    return redirect(uptake)


# Strategies -----------------------------------------------------------------------------


@login_required
def strategy_create(request: HttpRequest) -> HttpResponse:
    """Add a national strategy (the secretariat, national coordinators for their country)."""
    if not permissions.can_add_strategy(request.user):
        raise PermissionDenied
    form = StrategyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            strategy = strategies.create_strategy(created_by=request.user, record=form.cleaned_data)
        except PermissionDenied:
            form.add_error(
                "country", _("You may only add the strategy of the country you coordinate.")
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The strategy is saved."))
            return redirect("policylab:strategy-map", slug=strategy.slug)
    return render(request, "policylab/strategy_form.html", {"form": form})


@login_required
@offers_pdf
def strategy_map(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the strategy against the model framework: coverage, backing practices, gaps."""
    strategy = permissions.get_strategy_for_map(request.user, slug)
    may_map = permissions.can_map_strategy(request.user, strategy)
    current = dict(strategy.mappings.values_list("element", "coverage"))
    form = None
    status = 200
    if may_map:
        form = MappingForm(
            request.POST or None, current=current, initial={"version": strategy.version}
        )
        if request.method == "POST" and form.is_valid():
            try:
                strategies.map_strategy(
                    strategy,
                    mapped_by=request.user,
                    expected_version=form.cleaned_data.get("version"),
                    coverage=form.coverage(),
                )
            except VersionConflict:
                form.add_error(None, CHANGED_MEANWHILE)
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The mapping is saved."))
                return redirect("policylab:strategy-map", slug=strategy.slug)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "policylab/strategy_map.html",
        {
            "strategy": strategy,
            "groups": selectors.strategy_map(strategy),
            "form": form,
            "framework_title": framework.title(),
        },
        status=status,
    )
