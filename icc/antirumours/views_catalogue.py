"""Pages of the network's rumour catalogue, the public rumour-and-facts pages and survey links."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from icc.accounts.permissions import is_secretariat
from icc.antirumours import forms, permissions, selectors
from icc.antirumours.models import CityRumour, Rumour, Strategy, Theme, Token
from icc.antirumours.services import catalogue as services
from icc.antirumours.services import surveys as survey_services
from icc.core.clients import client_key
from icc.core.forms import add_service_errors
from icc.core.page_cache import cache_public_page
from icc.core.versions import VersionConflict
from icc.network.permissions import get_own_cities

ANSWERS_PER_MINUTE = 20


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """The catalogue as the network reads it, with proposals waiting for review."""
    permissions.require(permissions.can_read_catalogue(request.user))
    form = forms.SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    rumours = selectors.catalogue_for(
        [c.pk for c in get_own_cities(request.user)],
        moderator=permissions.can_moderate_catalogue(request.user),
    )
    rumours = selectors.search_rumours(rumours, query)
    page = Paginator(rumours, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "antirumours/catalogue.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "query_string": urlencode({"q": query}) if query else "",
            "capped": selectors.is_capped(rumours, query),
            "can_add": permissions.can_add_rumour(request.user),
            "can_add_theme": permissions.can_moderate_catalogue(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def theme_add(request: HttpRequest) -> HttpResponse:
    """The secretariat adds a theme beside the four classic ones."""
    permissions.require(permissions.can_moderate_catalogue(request.user))
    form = forms.ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_theme(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The theme is added."))
            return redirect("antirumours:catalogue")
    return render(
        request,
        "antirumours/catalogue_form.html",
        {
            "form": form,
            "title": _("A theme of rumours"),
            "subtitle": _("Themes so far: %(themes)s.")
            % {"themes": ", ".join(str(t) for t in Theme.objects.all())},
            "back": reverse("antirumours:catalogue"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rumour_add(request: HttpRequest) -> HttpResponse:
    """The secretariat writes a rumour; a city proposes one for review."""
    permissions.require(permissions.can_add_rumour(request.user))
    cities = [] if is_secretariat(request.user) else permissions.proposing_cities(request.user)
    form = forms.RumourForm(request.POST or None, cities=cities)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        try:
            rumour = services.create_rumour(by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The rumour is saved: add its counter-arguments."))
            return redirect(rumour)
    return render(
        request,
        "antirumours/catalogue_form.html",
        {
            "form": form,
            "title": _("A rumour for the catalogue"),
            "back": reverse("antirumours:catalogue"),
        },
    )


@login_required
def rumour_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A catalogue entry: its counter-arguments, the cities that use it and what was measured."""
    rumour = permissions.get_rumour_for_view(request.user, pk)
    usage = selectors.usage_of(rumour)
    return render(
        request,
        "antirumours/rumour.html",
        {
            "rumour": rumour,
            "counters": rumour.counters.all(),
            "usage": usage,
            "can_edit": permissions.can_edit_rumour(request.user, rumour),
            "can_decide": permissions.can_moderate_catalogue(request.user)
            and not rumour.is_published,
            "problems": services.publish_problems(rumour),
            "decision_form": forms.DecisionForm(),
            "adapt_cities": [
                c
                for c in permissions.proposing_cities(request.user)
                if Strategy.objects.filter(city=c).exists()
            ]
            if rumour.is_published
            else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rumour_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a rumour's theme and statements."""
    rumour = permissions.get_rumour_for_edit(request.user, pk)
    form = forms.RumourForm(
        request.POST or None,
        other_statements=rumour.other_statements,
        initial={
            "version": rumour.version,
            "theme": rumour.theme,
            "statement_en": rumour.statement_en,
            "statement_fr": rumour.statement_fr,
        },
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.update_rumour(rumour, by=request.user, expected_version=version, **data)
        except VersionConflict:
            form.add_error(None, _("Someone changed this rumour meanwhile; reload the page."))
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The rumour is saved."))
            return redirect(rumour)
    return render(
        request,
        "antirumours/catalogue_form.html",
        {"form": form, "title": _("Change the rumour"), "back": rumour.get_absolute_url()},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def counter_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a counter-argument, factual with its source or narrative."""
    rumour = permissions.get_rumour_for_edit(request.user, pk)
    form = forms.CounterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_counter(rumour, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The counter-argument is added."))
            return redirect(rumour)
    return render(
        request,
        "antirumours/catalogue_form.html",
        {
            "form": form,
            "title": _("A counter-argument"),
            "subtitle": str(rumour),
            "back": rumour.get_absolute_url(),
        },
    )


@login_required
@require_POST
def rumour_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a rumour or leave it out of the catalogue (the secretariat)."""
    rumour = permissions.get_rumour_for_view(request.user, pk)
    permissions.require(permissions.can_moderate_catalogue(request.user))
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect(rumour)
    try:
        services.decide_rumour(
            rumour,
            by=request.user,
            publish=form.cleaned_data["decision"] == "publish",
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The decision is recorded."))
    return redirect(rumour)


# Public rumour-and-facts pages --------------------------------------------------------------


@cache_public_page(scopes=["antirumours"], query=["q", "page"])
def public_list(request: HttpRequest) -> HttpResponse:
    """Every published rumour with its facts, searchable."""
    form = forms.SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    rumours = selectors.search_rumours(selectors.published_rumours(), query)
    page = Paginator(rumours, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "antirumours/public_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "query_string": urlencode({"q": query}) if query else "",
            "capped": selectors.is_capped(rumours, query),
        },
    )


@cache_public_page(scopes=["antirumours"], query=[])
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A published rumour: the facts with their sources, and the stories."""
    rumour = selectors.published_rumours().filter(pk=pk).first()
    if rumour is None:
        raise Http404
    counters = list(rumour.counters.all())
    return render(
        request,
        "antirumours/public_detail.html",
        {
            "rumour": rumour,
            "facts": [c for c in counters if c.kind == "factual"],
            "stories": [c for c in counters if c.kind == "narrative"],
            "cities": CityRumour.objects.filter(rumour=rumour, is_public=True)
            .select_related("strategy__city")
            .order_by("strategy__city__name"),
        },
    )


@cache_public_page(scopes=["antirumours"], query=[])
def public_city(request: HttpRequest, slug: str) -> HttpResponse:
    """The rumours and facts a city publishes, in its own words."""
    strategy = Strategy.objects.select_related("city").filter(city__slug=slug).first()
    if strategy is None or not strategy.city.is_visible_to_public:
        raise Http404
    rumours = (
        strategy.rumours.filter(is_public=True)
        .select_related("rumour")
        .prefetch_related("counters")
    )
    return render(
        request, "antirumours/public_city.html", {"strategy": strategy, "rumours": rumours}
    )


class RumourFeed(Feed):
    """The newest published rumours and their facts, as an Atom feed."""

    feed_type = Atom1Feed
    title = gettext_lazy("Intercultural Cities: rumours and facts")
    subtitle = gettext_lazy("Rumours about diversity and the facts that answer them.")

    def link(self) -> str:
        return reverse("antirumours:public-list")

    def items(self) -> Any:
        return selectors.published_rumours()[:30]

    def item_title(self, item: Rumour) -> str:
        return str(item)

    def item_description(self, item: Rumour) -> str:
        return " ".join(str(c) for c in item.counters.all())[:500]

    def item_link(self, item: Rumour) -> str:
        return reverse("antirumours:public-detail", args=[item.pk])

    def item_pubdate(self, item: Rumour) -> Any:
        return item.published_at


# Answering a survey through its link -------------------------------------------------------


def _throttled(request: HttpRequest) -> bool:
    key = f"antirumours:answers:{client_key(request)}"
    cache.add(key, 0, 60)
    try:
        return cache.incr(key) > ANSWERS_PER_MINUTE
    except ValueError:
        cache.add(key, 1, 60)
        return False


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, key: str) -> HttpResponse:
    """Answer a wave anonymously through a single-use link."""
    token = Token.objects.select_related("wave__survey__strategy__city").filter(key=key).first()
    if token is None:
        raise Http404
    wave = token.wave
    context: dict[str, Any] = {"wave": wave, "survey": wave.survey}
    if token.used_at is not None and request.method == "GET":
        return render(request, "antirumours/answer_used.html", context, status=410)
    form = forms.answer_form(wave, request.POST or None)
    if request.method == "POST":
        if _throttled(request):
            return render(
                request, "antirumours/answer_used.html", context | {"throttled": True}, status=429
            )
        if form.is_valid():
            try:
                survey_services.answer_with_link(key, form.cleaned_data)
            except survey_services.LinkUsed:
                return render(request, "antirumours/answer_used.html", context, status=410)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return render(request, "antirumours/answer_thanks.html", context)
    return render(request, "antirumours/answer.html", context | {"form": form})
