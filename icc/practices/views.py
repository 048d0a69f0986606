"""Pages of good practices: search, reading, writing, moderation, files and feed."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from icc.core.activity import verb_label
from icc.core.markup import plain_text, render_markdown
from icc.core.models import Activity
from icc.core.page_cache import cache_public_page
from icc.core.pdf import offers_pdf
from icc.core.related_links import related_links
from icc.core.site import absolute_url
from icc.core.versions import VersionConflict, differences
from icc.network.models import City, NationalNetwork
from icc.practices import permissions, search, services
from icc.practices.areas import area_name
from icc.practices.forms import (
    AttachmentForm,
    ChallengeForm,
    PracticeForm,
    PracticeTextForm,
    RejectForm,
    RevisionDecisionForm,
    SearchForm,
)
from icc.practices.models import (
    Challenge,
    Practice,
    PracticeAttachment,
    PracticeTranslation,
    TargetGroup,
)
from icc.practices.services import content as practice_contents
from icc.practices.services import revisions

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _facet_labels(facets: dict[str, list[search.FacetValue]]) -> list[dict[str, Any]]:
    challenges = {challenge.slug: challenge.name() for challenge in Challenge.objects.all()}
    from django_countries import countries

    labels: dict[str, tuple[Any, Callable[[str], Any]]] = {
        "area": (_("Index area"), area_name),
        "challenge": (_("Challenge"), lambda value: challenges.get(value, value)),
        "country": (_("Country"), lambda value: countries.name(value) or value),
        "level": (_("Level"), lambda value: Practice.Level(value).label),
        "year": (_("Year started"), str),
    }
    return [
        {
            "name": name,
            "label": labels[name][0],
            "values": [(value, labels[name][1](value.value)) for value in values],
        }
        for name, values in facets.items()
    ]


@cache_public_page(scopes=["practices", "index"])
@offers_pdf
def practice_list(request: HttpRequest) -> HttpResponse:
    """Search the published practices, with facets that combine with the query."""
    form = SearchForm(request.GET or None)
    filters = form.filters(request.GET)
    results = search.search(
        form.query(), filters=filters, language=get_language(), page=request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "results": results,
        "page": results.page,
        "facets": _facet_labels(results.facets),
        "query": query.urlencode(),
        "can_create": permissions.can_create_practice(request.user),
    }
    return render(request, "practices/practice_list.html", context)


@cache_public_page(scopes=["practices", "index"], query=())
@offers_pdf
def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a practice in the reader's language, or in the other with a notice."""
    practice = permissions.get_practice_for_view(request.user, slug)
    text = practice.text(get_language())
    user = request.user
    context = {
        "practice": practice,
        "text": text,
        "is_other_language": text is not None and text.language != get_language()[:2],
        "sections": [
            (PracticeTextForm.base_fields[name].label, render_markdown(getattr(text, name)))
            for name in ("summary", "problem", "actions", "results", "resources")
            if text is not None and getattr(text, name)
        ],
        "areas": [(code, area_name(code)) for code in practice.area_codes],
        "target_groups": [
            TargetGroup(code).label for code in practice.target_groups if code in TargetGroup.values
        ],
        "can_edit": permissions.can_edit_practice(user, practice),
        "can_submit": permissions.can_submit_practice(user, practice),
        "can_moderate": (
            permissions.can_moderate_practice(user, practice)
            and practice.status == Practice.Status.SUBMITTED
        ),
        "can_delete": permissions.can_delete_practice(user, practice),
        "can_view_history": permissions.can_view_practice_history(user, practice),
        "last_revision": (
            practice.revisions.first()
            if permissions.can_view_practice_history(user, practice)
            else None
        ),
        "share_url": absolute_url(practice.get_absolute_url()),
        # Other apps' pages about this practice (the policy lab's journey), decision 0069.
        "related_links": (
            related_links("practice", practice.pk)
            if practice.status == Practice.Status.PUBLISHED
            else []
        ),
    }
    return render(request, "practices/practice_detail.html", context)


def _text_forms(
    request: HttpRequest, content: dict[str, Any] | None
) -> dict[str, PracticeTextForm]:
    texts = content["texts"] if content else {}
    return {
        language: PracticeTextForm(
            request.POST or None, prefix=language, initial=texts.get(language)
        )
        for language in LANGUAGE_CODES
    }


def _shown_value(name: str, value: Any) -> str:
    """Return a stored value of a practice's content as a person reads it."""
    if value in (None, "", []):
        return "—"
    if name == "city":
        return str(City.objects.filter(pk=value).first() or value)
    if name == "national_network":
        return str(NationalNetwork.objects.filter(pk=value).first() or value)
    if name == "level":
        return str(Practice.Level(value).label) if value in Practice.Level.values else str(value)
    if name == "areas":
        return ", ".join(str(area_name(code)) for code in value)
    if name == "target_groups":
        return ", ".join(
            str(TargetGroup(code).label) if code in TargetGroup.values else code for code in value
        )
    if name == "contacts":
        return "; ".join(", ".join(filter(None, contact.values())) for contact in value)
    if name == "links":
        return "; ".join(link["url"] for link in value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def content_differences(mine: dict[str, Any], theirs: dict[str, Any]) -> list[tuple[Any, str, str]]:
    """Return ``(label, theirs, mine)`` for each field of two contents of a practice that differ."""
    labels: dict[str, Any] = {
        name: field.label for name, field in PracticeForm.base_fields.items() if name != "version"
    }
    labels["country"] = _("Country")
    language_names = dict(settings.LANGUAGES)
    for language in LANGUAGE_CODES:
        for name in PracticeTranslation.TEXT_FIELDS:
            labels[f"{language}.{name}"] = _("%(field)s (%(language)s)") % {
                "field": PracticeTextForm.base_fields[name].label,
                "language": language_names[language],
            }
    return differences(
        practice_contents.flat_content(mine),
        practice_contents.flat_content(theirs),
        labels=labels,
        show=_shown_value,
    )


def _save_practice(request: HttpRequest, practice: Practice | None) -> HttpResponse:
    user = request.user
    cities = permissions.get_owner_cities(user, keeping=practice)
    networks = permissions.get_owner_networks(user, keeping=practice)
    content = practice_contents.working_content(practice) if practice else None
    if practice is not None and content is not None:
        initial = PracticeForm.initial_for(content, version=practice.version)
    else:
        initial = {
            "original_language": get_language()[:2],
            "level": Practice.Level.LOCAL,
            "city": cities.values_list("pk", flat=True).first() if cities.count() == 1 else None,
        }
    form = PracticeForm(request.POST or None, initial=initial, cities=cities, networks=networks)
    text_forms = _text_forms(request, content)
    conflict = None
    if (
        request.method == "POST"
        and form.is_valid()
        and all(text_form.is_valid() for text_form in text_forms.values())
    ):
        texts = {language: text_form.texts() for language, text_form in text_forms.items()}
        try:
            if practice is None:
                practice = services.create_practice(
                    created_by=user,
                    record=form.record(),
                    texts=texts,
                    areas=form.cleaned_data["areas"],
                    challenges=form.cleaned_data["challenges"],
                )
            else:
                version = form.cleaned_data["version"]
                practice = services.update_practice(
                    practice,
                    changed_by=user,
                    # A form without its version is as stale as can be.
                    expected_version=-1 if version is None else version,
                    record=form.record(),
                    texts=texts,
                    areas=form.cleaned_data["areas"],
                    challenges=form.cleaned_data["challenges"],
                )
        except VersionConflict as error:
            conflict = {
                "rows": content_differences(error.mine, error.theirs),
                "version": error.version,
            }
            # Saving again from here overwrites their version with this one.
            post = request.POST.copy()
            post["version"] = str(error.version)
            form = PracticeForm(post, initial=initial, cities=cities, networks=networks)
            form.is_valid()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not permissions.publishes_changes(user, practice):
                messages.success(
                    request,
                    _(
                        "Your changes are sent for review. The published practice stays as it "
                        "is until a moderator approves them."
                    ),
                )
            else:
                messages.success(request, _("The practice is saved."))
            return redirect(practice)
    language_names = dict(settings.LANGUAGES)
    return render(
        request,
        "practices/practice_form.html",
        {
            "form": form,
            "practice": practice,
            "conflict": conflict,
            "is_moderated": practice is not None
            and not permissions.publishes_changes(user, practice),
            "text_forms": [
                (language_names[language], text_form) for language, text_form in text_forms.items()
            ],
        },
        status=409 if conflict else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_create(request: HttpRequest) -> HttpResponse:
    """Write a new practice, in English, French or both."""
    if not permissions.can_create_practice(request.user):
        raise PermissionDenied
    return _save_practice(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Change a practice's record and texts."""
    practice = permissions.get_practice_for_view(request.user, slug)
    if not permissions.can_edit_practice(request.user, practice):
        raise PermissionDenied
    return _save_practice(request, practice)


def _act(request: HttpRequest, practice: Practice, action: Any, success: str) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(practice)


@login_required
@require_POST
def practice_submit(request: HttpRequest, slug: str) -> HttpResponse:
    """Send a draft to the moderators."""
    practice = permissions.get_practice_for_view(request.user, slug)
    if not (
        permissions.is_owner(request.user, practice)
        or permissions.can_moderate_practice(request.user, practice)
    ):
        raise PermissionDenied
    return _act(
        request,
        practice,
        lambda: services.submit_practice(practice, submitted_by=request.user),
        _("The practice is sent for review."),
    )


@login_required
@require_POST
def practice_publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish a submitted practice (moderators)."""
    practice = permissions.get_practice_for_view(request.user, slug)
    if not permissions.can_moderate_practice(request.user, practice):
        raise PermissionDenied
    return _act(
        request,
        practice,
        lambda: services.publish_practice(practice, published_by=request.user),
        _("The practice is published."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_reject(request: HttpRequest, slug: str) -> HttpResponse:
    """Send a submitted practice back to its authors with a reason (moderators)."""
    practice = permissions.get_practice_for_view(request.user, slug)
    if not permissions.can_moderate_practice(request.user, practice):
        raise PermissionDenied
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _act(
            request,
            practice,
            lambda: services.reject_practice(
                practice, rejected_by=request.user, reason=form.cleaned_data["reason"]
            ),
            _("The practice is sent back to its authors."),
        )
    return render(request, "practices/practice_reject.html", {"form": form, "practice": practice})


@login_required
@require_http_methods(["GET", "POST"])
def practice_changes(request: HttpRequest, slug: str) -> HttpResponse:
    """Compare a published practice with its changes waiting for review; moderators decide."""
    practice = permissions.get_practice_for_view(request.user, slug)
    if not permissions.can_view_practice_history(request.user, practice):
        raise PermissionDenied
    revision = practice.pending_revision()
    if revision is None or practice.status != Practice.Status.PUBLISHED:
        raise Http404
    can_decide = permissions.can_moderate_practice(request.user, practice)
    if request.method == "POST" and not can_decide:
        raise PermissionDenied
    form = RevisionDecisionForm(request.POST or None, initial={"version": practice.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == RevisionDecisionForm.APPROVE:
                revisions.approve_revision(
                    practice, approved_by=request.user, expected_version=data["version"]
                )
                messages.success(request, _("The changes are published."))
            else:
                revisions.reject_revision(
                    practice,
                    rejected_by=request.user,
                    reason=data["reason"],
                    expected_version=data["version"],
                )
                messages.success(request, _("The changes are sent back to their authors."))
        except VersionConflict:
            messages.error(
                request,
                _("The changes were edited while you read them. Read them again, then decide."),
            )
            return redirect("practices:practice-changes", slug=practice.slug)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(practice)
    context = {
        "practice": practice,
        "revision": revision,
        "rows": content_differences(revision.content, practice_contents.practice_content(practice)),
        "form": form if can_decide else None,
    }
    return render(request, "practices/practice_changes.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def practice_delete(request: HttpRequest, slug: str) -> HttpResponse:
    """Delete a practice after confirmation."""
    practice = permissions.get_practice_for_view(request.user, slug)
    if not permissions.can_delete_practice(request.user, practice):
        raise PermissionDenied
    if request.method == "POST":
        services.delete_practice(practice, deleted_by=request.user)
        messages.success(request, _("The practice is deleted."))
        return redirect("practices:workspace")
    return render(request, "practices/practice_delete.html", {"practice": practice})


@login_required
def practice_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Show every change made to the practice, with old and new values."""
    practice = permissions.get_practice_for_view(request.user, slug)
    if not permissions.can_view_practice_history(request.user, practice):
        raise PermissionDenied
    entries = [
        (entry, verb_label(entry.verb))
        for entry in Activity.objects.about(practice).select_related("actor")[:200]
    ]
    return render(
        request, "practices/practice_history.html", {"practice": practice, "entries": entries}
    )


@login_required
@require_http_methods(["GET", "POST"])
def attachment_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Join a file to a practice; type and size are checked."""
    practice = permissions.get_practice_for_view(request.user, slug)
    if not permissions.can_edit_practice(request.user, practice):
        raise PermissionDenied
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_attachment(
            practice,
            added_by=request.user,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            content_type=form.content_type,
        )
        messages.success(request, _("The file is added."))
        return redirect(practice)
    return render(request, "practices/attachment_form.html", {"form": form, "practice": practice})


@login_required
@require_POST
def attachment_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Remove a file from a practice."""
    practice = permissions.get_practice_for_view(request.user, slug)
    if not permissions.can_edit_practice(request.user, practice):
        raise PermissionDenied
    attachment = get_object_or_404(PracticeAttachment, pk=pk, practice=practice)
    services.remove_attachment(attachment, removed_by=request.user)
    messages.success(request, _("The file is removed."))
    return redirect(practice)


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """List the person's unpublished practices and those waiting for their review."""
    if not permissions.can_view_practice_workspace(request.user):
        raise PermissionDenied
    context = {
        "can_create": permissions.can_create_practice(request.user),
        "drafts": permissions.get_practices_for_workspace(request.user).with_texts(),
        "to_moderate": permissions.get_practices_to_moderate(request.user).with_texts(),
        "pending_changes": permissions.get_practices_with_pending_changes(
            request.user
        ).with_texts(),
    }
    return render(request, "practices/workspace.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def challenge_list(request: HttpRequest) -> HttpResponse:
    """Keep the taxonomy of challenges (the secretariat)."""
    if not permissions.can_manage_challenges(request.user):
        raise PermissionDenied
    form = ChallengeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.save_challenge(
            saved_by=request.user,
            slug=data["slug"],
            names={"en": data["name_en"], "fr": data["name_fr"]},
            is_active=data["is_active"],
        )
        messages.success(request, _("The challenge is saved."))
        return redirect("practices:challenge-list")
    return render(
        request,
        "practices/challenge_list.html",
        {"form": form, "challenges": Challenge.objects.all()},
    )


class PracticeFeed(Feed):
    """The newest published practices, as an Atom feed."""

    feed_type = Atom1Feed
    title = gettext_lazy("Intercultural Cities: new good practices")
    subtitle = gettext_lazy("Good practices published by the cities of the network.")

    def link(self) -> str:
        return reverse("practices:practice-list")

    def items(self) -> Any:
        return Practice.objects.published().with_texts().order_by("-published_at")[:30]

    def item_title(self, item: Practice) -> str:
        return str(item)

    def item_description(self, item: Practice) -> str:
        text = item.text()
        return plain_text(text.summary) if text else ""

    def item_pubdate(self, item: Practice) -> Any:
        return item.published_at

    def item_author_name(self, item: Practice) -> str:
        return item.owner_label
