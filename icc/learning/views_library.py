"""The resource library: find a resource, read it, compare its versions.

Its files are downloaded through ``core.downloads`` (kind ``resource-file``, counted per city).
"""

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from icc.core.markup import render_markdown
from icc.core.page_cache import cache_public_page
from icc.learning import library, permissions
from icc.learning.forms import ResourceForm
from icc.learning.models import Resource
from icc.learning.services import library as services
from icc.learning.views_authoring import save_form

RESOURCES_PER_PAGE = 30


@cache_public_page(scopes=["learning"], query=("q", "category", "page"))
def resource_list(request: HttpRequest) -> HttpResponse:
    """List the welcome pack and toolkits the person may read, by category, with a search.

    A search is answered by the practices' search engine (``library.search_resources``),
    best match first; the list comes in pages, so a library of thousands stays light.
    """
    resources = permissions.get_resources_for_list(request.user)
    query = request.GET.get("q", "")[:200]
    category = request.GET.get("category", "")
    if category in Resource.Category.values:
        resources = resources.filter(category=category)
    page: Page[Any]
    shown: Sequence[Resource]
    if query.strip():
        ids = library.search_resources(resources, query)
        page = Paginator(ids, RESOURCES_PER_PAGE).get_page(request.GET.get("page"))
        shown = library.resources_by_id(resources, list(page.object_list))
    else:
        page = Paginator(resources, RESOURCES_PER_PAGE).get_page(request.GET.get("page"))
        shown = list(page.object_list)
    rows = [(resource, library.text_of(resource.current)[0]) for resource in shown]
    page_query = request.GET.copy()
    page_query.pop("page", None)
    return render(
        request,
        "learning/resource_list.html",
        {
            "rows": rows,
            "page": page,
            "page_query": page_query.urlencode(),
            "query": query,
            "category": category,
            "categories": Resource.Category.choices,
            "can_manage": permissions.can_manage_resources(request.user),
        },
    )


@cache_public_page(scopes=["learning"], query=("compare",))
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a resource in the reader's language, its files, its versions and what changed."""
    resource = permissions.get_resource_for_view(request.user, slug)
    versions = list(resource.versions.prefetch_related("files"))
    current = resource.current
    shown = current
    compare_to = request.GET.get("compare", "")
    if compare_to.isdigit():
        shown = next((v for v in versions if v.number == int(compare_to)), current)
    previous = next((v for v in versions if shown and v.number == shown.number - 1), None)
    text, language = library.text_of(current)
    context: dict[str, Any] = {
        "resource": resource,
        "text": text,
        "text_language": language,
        "body": render_markdown(text.get("body", "")),
        "files": list(current.files.all()) if current else [],
        "versions": versions,
        "shown": shown,
        "previous": previous,
        "changes": library.compare(previous, shown) if shown and previous else None,
        "can_manage": permissions.can_manage_resources(request.user),
    }
    if context["can_manage"]:
        context["total"], context["counts"] = library.download_counts(resource)
    return render(request, "learning/resource_detail.html", context)


def resource_create(request: HttpRequest) -> HttpResponse:
    """Add a resource to the library with its first version."""
    if not permissions.can_manage_resources(request.user):
        raise Http404
    form = ResourceForm(request.POST or None, request.FILES or None)
    holder: dict[str, Resource] = {}

    def save() -> None:
        data = form.cleaned_data
        holder["resource"] = services.create_resource(
            created_by=request.user,
            slug=data["slug"],
            category=data["category"],
            audience=data["audience"],
            kind=data["kind"],
            visibility=data["visibility"],
            texts=form.texts(),
            uploads=form.uploads(),
        )

    if save_form(request, form, save, _("The resource is in the library.")):
        return redirect(holder["resource"].get_absolute_url())
    return render(request, "learning/resource_form.html", {"form": form, "resource": None})


def resource_version(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a new version of a resource; the old ones are kept."""
    if not permissions.can_manage_resources(request.user):
        raise Http404
    resource = get_object_or_404(Resource.objects.select_related("current"), slug=slug)
    form = ResourceForm(
        request.POST or None,
        request.FILES or None,
        editing=True,
        texts=resource.current.texts if resource.current else None,
    )

    def save() -> None:
        services.add_version(
            resource,
            created_by=request.user,
            texts=form.texts(),
            note=form.cleaned_data.get("note", ""),
            uploads=form.uploads(),
            keep_files=form.cleaned_data.get("keep_files", False),
        )

    if save_form(request, form, save, _("The new version is published; the old ones are kept.")):
        return redirect(resource.get_absolute_url())
    return render(request, "learning/resource_form.html", {"form": form, "resource": resource})
