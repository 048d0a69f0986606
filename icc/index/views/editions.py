"""The secretariat's page of Index editions: the loaded editions, and loading a new one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from icc.index import permissions
from icc.index.forms import EditionFileForm
from icc.index.method.loader import EditionError, FormatError
from icc.index.models import Edition
from icc.index.services.editions import Existing, check_edition_text, load_edition_text


@login_required
@require_http_methods(["GET", "POST"])
def edition_list(request: HttpRequest) -> HttpResponse:
    """List the editions; load a new one from a file, or only check the file (the secretariat)."""
    if not permissions.can_manage_editions(request.user):
        raise PermissionDenied
    form = EditionFileForm(request.POST or None, request.FILES or None)
    problems: list[FormatError] = []
    checked = None
    if request.method == "POST" and form.is_valid():
        text, name = form.cleaned_data["text"], form.cleaned_data["file"].name
        existing = Existing.NEW_VERSION if form.cleaned_data["new_version"] else (Existing.REFUSE)
        try:
            if request.POST.get("action") == "check":
                checked = check_edition_text(
                    text, name=name, checked_by=request.user, existing=existing
                )
            else:
                edition = load_edition_text(
                    text, name=name, loaded_by=request.user, existing=existing
                )
        except EditionError as error:
            problems = error.errors
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if checked is None:
                method = edition.method
                messages.success(
                    request,
                    _(
                        "Edition %(code)s, version %(version)s, is loaded (areas: %(areas)s; "
                        "questions: %(questions)s). It can now be opened as a round."
                    )
                    % {
                        "code": edition.code,
                        "version": edition.version,
                        "areas": len(method.areas),
                        "questions": len(method.questions),
                    },
                )
                return redirect("index:edition-list")
    context = {
        "form": form,
        "problems": problems,
        "checked": checked,
        "file_name": getattr(request.FILES.get("file"), "name", ""),
        "rows": _edition_rows(),
    }
    return render(request, "index/edition_list.html", context)


def _edition_rows() -> list[dict[str, object]]:
    editions = list(
        Edition.objects.select_related("earlier", "loaded_by")
        .annotate(round_count=Count("rounds"))
        .order_by("code", "-version")
    )
    latest: dict[str, int] = {}
    for edition in editions:
        latest.setdefault(edition.code, edition.version)
    language = get_language() or "en"
    return [
        {
            "edition": edition,
            "title": edition.title(language),
            "is_latest": latest[edition.code] == edition.version,
            "areas": len(edition.method.areas),
            "questions": len(edition.method.questions),
        }
        for edition in editions
    ]
