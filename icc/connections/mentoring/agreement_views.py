"""Pages that change or remove a goal or milestone of an agreement not yet signed by all."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from icc.connections import permissions
from icc.connections.mentoring import agreement, forms, selectors
from icc.connections.models import Goal, Milestone, Scheme
from icc.core.forms import add_service_errors
from icc.core.versions import VersionConflict, differences
from icc.network.models import City

FORM = "connections/mentoring/form.html"


def _agreement_item_scheme(request: HttpRequest, scheme_id: int) -> Scheme:
    """Return the scheme whose goal or milestone the person changes (404 unseen, else 403)."""
    scheme = permissions.get_scheme_for_write(request.user, scheme_id)
    if not permissions.can_change_agreement(request.user, scheme):
        raise PermissionDenied
    return scheme


def _edit_with_version(
    request: HttpRequest,
    form: Any,
    *,
    form_class: Any,
    form_kwargs: dict[str, Any],
    save: Any,
    done: str,
    scheme: Scheme,
    context: dict[str, Any],
) -> HttpResponse:
    """Save an edited goal or milestone, or show the form, its errors or the two versions."""
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except VersionConflict as error:
            labels = {name: form.fields[name].label for name in error.mine}
            conflict = differences(error.mine, error.theirs, labels=labels)
            post = request.POST.copy()
            post["version"] = str(error.version)
            form = form_class(post, **form_kwargs)
            form.is_valid()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(scheme)
    context = {
        "form": form,
        "scheme": scheme,
        "conflict": conflict,
        "back_url": scheme.get_absolute_url(),
        **context,
    }
    return render(request, FORM, context)


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a goal's target and description while the agreement is not signed by all."""
    goal = get_object_or_404(Goal.objects.select_related("mentee"), pk=pk)
    scheme = _agreement_item_scheme(request, goal.scheme_id)
    initial = {"target": goal.target, "description": goal.description, "version": goal.version}
    form = forms.GoalChangeForm(request.POST or None, initial=initial)
    row = next(r for r in selectors.goal_rows(scheme) if r.goal.pk == goal.pk)
    return _edit_with_version(
        request,
        form,
        form_class=forms.GoalChangeForm,
        form_kwargs={},
        save=lambda data: agreement.change_goal(goal, changed_by=request.user, **data),
        done=_("The goal is saved."),
        scheme=scheme,
        context={
            "title": _("Change the goal on %(area)s") % {"area": row.area_name},
            "intro": _(
                "%(city)s starts from %(baseline)s (%(round)s); the target cannot be below it."
                " Every city signs the agreement again after a change."
            )
            % {
                "city": goal.mentee,
                "baseline": round(goal.baseline),
                "round": goal.baseline_round_label,
            },
            "remove_action": reverse("connections:goal-remove", args=[goal.pk]),
            "remove_label": _("Remove this goal"),
            "remove_question": _(
                "Remove the goal on %(area)s from the agreement? Every city signs it again."
            )
            % {"area": row.area_name},
        },
    )


@login_required
@require_POST
def goal_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a goal while the agreement is not signed by all."""
    goal = get_object_or_404(Goal, pk=pk)
    scheme = _agreement_item_scheme(request, goal.scheme_id)
    try:
        agreement.remove_goal(goal, removed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The goal is removed."))
    return redirect(scheme)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a milestone's title, date or owner while the agreement is not signed by all."""
    milestone = get_object_or_404(Milestone, pk=pk)
    scheme = _agreement_item_scheme(request, milestone.scheme_id)
    cities = City.objects.filter(
        pk__in=[m.city_id for m in scheme.members.all() if m.answer == m.Answer.ACCEPTED]
    )
    initial = {
        "title": milestone.title,
        "due_on": milestone.due_on,
        "owner": milestone.owner_id,
        "version": milestone.version,
    }
    form = forms.MilestoneChangeForm(request.POST or None, initial=initial, cities=cities)
    return _edit_with_version(
        request,
        form,
        form_class=forms.MilestoneChangeForm,
        form_kwargs={"cities": cities},
        save=lambda data: agreement.change_milestone(milestone, changed_by=request.user, **data),
        done=_("The milestone is saved."),
        scheme=scheme,
        context={
            "title": _("Change the milestone"),
            "intro": _("Every city signs the agreement again after a change."),
            "remove_action": reverse("connections:milestone-remove", args=[milestone.pk]),
            "remove_label": _("Remove this milestone"),
            "remove_question": _(
                "Remove the milestone “%(title)s” from the roadmap? Every city signs the"
                " agreement again."
            )
            % {"title": milestone.title},
        },
    )


@login_required
@require_POST
def milestone_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a milestone while the agreement is not signed by all."""
    milestone = get_object_or_404(Milestone, pk=pk)
    scheme = _agreement_item_scheme(request, milestone.scheme_id)
    try:
        agreement.remove_milestone(milestone, removed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The milestone is removed."))
    return redirect(scheme)
