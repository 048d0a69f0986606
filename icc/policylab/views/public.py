"""Public pages of the policy lab: journeys, lab outcomes, strategies, uptakes, the feed."""

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from icc.core.page_cache import cache_public_page
from icc.core.pdf import offers_pdf
from icc.policylab import permissions, search, selectors
from icc.policylab.forms import (
    DecisionForm,
)
from icc.policylab.models import (
    Lab,
    NationalStrategy,
    Uptake,
)

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


@cache_public_page(scopes=["policylab"], query=("q",))
def lab_list(request: HttpRequest) -> HttpResponse:
    """List the labs, searched by their words in English and French (published ones in public)."""
    rows = Lab.objects.all()
    if not permissions.can_use_lab(request.user):
        rows = rows.filter(is_published=True)
    query = request.GET.get("q", "").strip()[:100]
    found = search.search_labs(rows, query)
    return render(
        request,
        "policylab/lab_list.html",
        {"labs": found, "query": query, "is_capped": search.is_capped(found, query)},
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
        Uptake.objects.select_related(
            "adopter_city", "adopter_stakeholder", "strategy", "source", "confirmed_by"
        )
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
            "decided_by": selectors.decided_by(uptake, practice.city_id),
            # The person's name only to people with a role; the public reads the side.
            "decider": uptake.confirmed_by if permissions.can_use_lab(request.user) else None,
            "can_change": permissions.can_change_uptake(
                request.user, uptake, origin_city_id=practice.city_id
            ),
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
