"""Pages of common initiatives: calls for partners, the workspace, results (issue 17)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from icc.connections.initiatives import forms, permissions, selectors, services, workspace
from icc.connections.initiatives.models import (
    Initiative,
    Meeting,
    Member,
    Output,
    WorkPackage,
)
from icc.connections.permissions import city_ids_of
from icc.core.forms import add_service_errors
from icc.core.icalendar import calendar_response, render_calendar
from icc.core.markup import render_markdown
from icc.core.pdf import offers_pdf
from icc.core.versions import VersionConflict, differences
from icc.network.models import City

T = "connections/initiatives/"


@login_required
def initiative_list(request: HttpRequest) -> HttpResponse:
    """List the open calls for partners and the person's own initiatives."""
    if not permissions.can_view_calls(request.user):
        raise PermissionDenied
    context = {
        "initiatives": selectors.calls_for(request.user),
        "can_create": permissions.can_create_initiative(request.user),
        "can_overview": permissions.can_view_overview(request.user),
    }
    return render(request, T + "list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create(request: HttpRequest) -> HttpResponse:
    """Open a call for partners, led by one of the person's cities (or organised by them)."""
    if not permissions.can_create_initiative(request.user):
        raise PermissionDenied
    leads = permissions.lead_choices(request.user)
    form = forms.CallForm(request.POST or None, leads=leads, areas=selectors.area_choices())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            initiative = services.open_call(created_by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your call for partners is open."))
            return redirect(initiative)
    return render(request, T + "form.html", {"form": form, "title": _("Open a call for partners")})


def _call_context(request: HttpRequest, initiative: Initiative) -> dict[str, Any]:
    is_lead = permissions.is_lead(request.user, initiative)
    language = selectors.language()
    return {
        "initiative": initiative,
        "title": initiative.title_in(language),
        "aim": render_markdown(initiative.aim_in(language)),
        "areas": [selectors.area_names().get(a, a) for a in initiative.areas],
        "members": permissions.members(initiative),
        "interests": list(initiative.interests.select_related("city")),
        "is_lead": is_lead,
        "suggestions": selectors.suggested_partners(initiative) if is_lead else [],
        "member_form": forms.MemberForm() if is_lead else None,
        "role_choices": Member.Role.choices,
        "my_interests": permissions.my_interests(request.user, initiative),
        "in_workspace": permissions.can_view_workspace(request.user, initiative),
        "leaving": permissions.leave_choices(request.user, initiative),
    }


@login_required
@require_http_methods(["GET", "POST"])
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a call: its aim, areas and wishes; a city shows interest, the lead answers."""
    initiative = permissions.get_initiative_for_view(request.user, pk)
    cities = permissions.interest_choices(request.user, initiative)
    form = forms.InterestForm(request.POST or None, cities=cities) if cities else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.express_interest(
                    initiative,
                    city=form.cleaned_data["city"],
                    note=form.cleaned_data["note"],
                    role=form.cleaned_data["role"],
                    by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your interest is sent to the lead."))
                return redirect(initiative)
    context = _call_context(request, initiative) | {"interest_form": form}
    return render(request, T + "detail.html", context)


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


@login_required
@require_POST
def initiative_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept a city that showed interest (the lead)."""
    initiative = permissions.get_for_lead(request.user, pk)
    city = get_object_or_404(City, pk=request.POST.get("city") or 0)
    try:
        services.accept_partner(initiative, city=city, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("%(city)s is now a partner.") % {"city": city})
    return redirect(initiative)


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a partner or an observer directly (the lead)."""
    initiative = permissions.get_for_lead(request.user, pk)
    form = forms.MemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a member city and a role."))
        return redirect(initiative)
    try:
        services.add_member(initiative, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("%(city)s is added.") % {"city": form.cleaned_data["city"]})
    return redirect(initiative)


def _version(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else -1


@login_required
@require_POST
def initiative_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the call and start the work, or finish the initiative (the lead)."""
    initiative = permissions.get_for_lead(request.user, pk)
    try:
        services.set_status(
            initiative,
            status=request.POST.get("status", ""),
            version=_version(request),
            by=request.user,
        )
    except ValidationError as error:
        _refused(request, error)
    except VersionConflict:
        messages.error(request, _("Someone changed this initiative meanwhile: try again."))
    return redirect(initiative)


@login_required
@require_POST
def initiative_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the initiative's public page (the lead)."""
    initiative = permissions.get_for_lead(request.user, pk)
    try:
        services.publish(initiative, version=_version(request), by=request.user)
    except ValidationError as error:
        _refused(request, error)
    except VersionConflict:
        messages.error(request, _("Someone changed this initiative meanwhile: try again."))
    else:
        messages.success(request, _("The initiative's page is public."))
    return redirect(initiative)


def _city_of(request: HttpRequest, initiative: Initiative) -> City | None:
    mine = permissions.writing_members(request.user, initiative)
    return mine[0].city if mine else None


def _write(request: HttpRequest, initiative: Initiative, form: Any) -> bool:
    """Run the workspace write the posted form asks for; return whether it saved."""
    action = request.POST.get("action")
    data = form.cleaned_data
    if action == "package":
        workspace.add_work_package(initiative, title=data["title"], by=request.user)
    elif action == "task":
        package = get_object_or_404(
            WorkPackage, pk=request.POST.get("package") or 0, initiative=initiative
        )
        workspace.add_task(package, by=request.user, **data)
    elif action == "message":
        package = get_object_or_404(
            WorkPackage, pk=request.POST.get("package") or 0, initiative=initiative
        )
        workspace.post_message(
            package, text=data["text"], city=_city_of(request, initiative), by=request.user
        )
    elif action == "document":
        workspace.upload_document(
            initiative, upload=data["file"], title=data["title"], by=request.user
        )
    return True


def _workspace_forms(
    initiative: Initiative, data: Any = None, files: Any = None, action: str = ""
) -> dict[str, Any]:
    def bound(name: str) -> Any:
        return (data, files) if action == name else (None, None)

    return {
        "package": forms.WorkPackageForm(bound("package")[0], prefix="package"),
        "document": forms.DocumentForm(
            bound("document")[0], bound("document")[1], prefix="document"
        ),
    }


def _page(request: HttpRequest) -> int:
    value = request.GET.get("documents", "")
    return int(value) if value.isdigit() else 1


@login_required
@require_http_methods(["GET", "POST"])
def initiative_workspace(request: HttpRequest, pk: int) -> HttpResponse:
    """The partners' workspace: members, plan and tasks, threads, documents, outputs, timeline."""
    initiative = permissions.get_workspace(request.user, pk)
    can_write = permissions.can_write_workspace(request.user, initiative)
    action = request.POST.get("action", "")
    if request.method == "POST" and not can_write:
        raise PermissionDenied
    if request.method == "POST" and action == "done":
        _finish_ticked(request, initiative)
        return redirect("connections:initiative-workspace", pk=initiative.pk)
    all_forms = _workspace_forms(initiative, request.POST or None, request.FILES or None, action)
    if request.method == "POST":
        form = all_forms.get(action)
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                _write(request, initiative, form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("connections:initiative-workspace", pk=initiative.pk)
    mine = {m.city_id for m in permissions.writing_members(request.user, initiative)}
    context = {
        "initiative": initiative,
        "space": selectors.workspace(
            initiative, document_page=_page(request), members=permissions.members(initiative)
        ),
        "can_write": can_write,
        "forms": all_forms,
        "action": action,
        "outputs": _outputs(initiative, selectors.language()),
        "can_edit_outputs": permissions.can_edit_outputs(request.user, initiative),
        "draft_cities": [
            m.city
            for m in permissions.my_members(request.user, initiative)
            if m.city_id in city_ids_of(request.user)
            and permissions.can_draft_practice(request.user, initiative, m.city)
        ],
        "my_city_ids": mine,
    }
    return render(request, T + "workspace.html", context)


def _finish_ticked(request: HttpRequest, initiative: Initiative) -> None:
    """Mark the ticked tasks of the initiative done, each once; say how many."""
    ids = [int(v) for v in request.POST.getlist("tasks") if v.isdigit()]
    if not ids:
        messages.error(request, _("Tick the tasks that are done."))
        return
    try:
        done = workspace.finish_tasks(initiative, task_ids=ids, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            ngettext("%(count)s task is done.", "%(count)s tasks are done.", len(done))
            % {"count": len(done)},
        )


@login_required
@require_http_methods(["GET", "POST"])
def output_practice(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """Turn an output into a draft good practice of a partner city (then normal moderation)."""
    output = get_object_or_404(Output.objects.select_related("initiative"), pk=pk)
    initiative = permissions.get_workspace(request.user, output.initiative.pk)
    city = get_object_or_404(City, slug=slug)
    if not permissions.can_draft_practice(request.user, initiative, city):
        raise PermissionDenied
    form = forms.OutputForm(
        request.POST or None,
        initial={"kind": output.kind, "title": output.title, "summary": output.summary},
    )
    form.fields.pop("kind")
    if request.method == "POST" and form.is_valid():
        try:
            practice = workspace.draft_practice_from_output(
                output,
                city=city,
                drafted_by=request.user,
                language=selectors.language(),
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The draft practice is saved: complete it, then submit it for review.")
            )
            return redirect("practices:practice-edit", slug=practice.slug)
    context = {
        "form": form,
        "title": _("A draft good practice of %(city)s") % {"city": city},
        "back_url": reverse("connections:initiative-workspace", kwargs={"pk": initiative.pk}),
    }
    return render(request, T + "form.html", context)


def _outputs(initiative: Initiative, language: str) -> list[Output]:
    """Return the outputs with their title and summary in ``language`` (English otherwise)."""
    outputs = list(initiative.outputs.all())
    for output in outputs:
        output.shown_title = output.title_in(language)  # type: ignore[attr-defined]
        output.shown_summary = output.summary_in(language)  # type: ignore[attr-defined]
    return outputs


@offers_pdf
def initiative_public(request: HttpRequest, pk: int) -> HttpResponse:
    """The initiative's public page, once its lead publishes it: partners, aim, outputs.

    ``?format=pdf`` answers the same page as a PDF (``core.pdf``): the results to print or
    hand to a funder.
    """
    initiative = get_object_or_404(Initiative.objects.select_related("lead_city"), pk=pk)
    if not permissions.is_public(initiative):
        raise Http404
    language = selectors.language()
    context = {
        "initiative": initiative,
        "title": initiative.title_in(language),
        "aim": render_markdown(initiative.aim_in(language)),
        "areas": [selectors.area_names().get(a, a) for a in initiative.areas],
        "members": [m for m in permissions.members(initiative) if m.role != Member.Role.OBSERVER],
        "outputs": _outputs(initiative, language),
    }
    return render(request, T + "public.html", context)


@login_required
def initiative_overview(request: HttpRequest) -> HttpResponse:
    """The secretariat's view: every initiative, its state, cities and areas; cities in none."""
    if not permissions.can_view_overview(request.user):
        raise PermissionDenied
    rows, outside = selectors.overview()
    return render(request, T + "overview.html", {"rows": rows, "outside": outside})


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the call's texts, wishes and deadlines (the lead), checked against its version."""
    initiative = permissions.get_for_lead(request.user, pk)
    areas = selectors.area_choices()
    form = forms.CallEditForm(
        request.POST or None, initial=services.call_fields(initiative), areas=areas
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.edit_call(initiative, version=version, by=request.user, **data)
        except VersionConflict as error:
            labels = {name: form.fields[name].label for name in error.mine if name in form.fields}
            conflict = differences(error.mine, error.theirs, labels=labels)
            post = request.POST.copy()
            post["version"] = str(error.version)
            form = forms.CallEditForm(post, areas=areas)
            form.is_valid()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The call is saved; its cities are told."))
            return redirect(initiative)
    context = {
        "form": form,
        "conflict": conflict,
        "title": _("Change the call “%(title)s”") % {"title": initiative},
        "back_url": initiative.get_absolute_url(),
    }
    return render(request, T + "form.html", context)


@login_required
@require_POST
def interest_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a city's interest while the lead has not answered (its coordinator)."""
    initiative = permissions.get_initiative_for_view(request.user, pk)
    mine = {i.city_id: i.city for i in permissions.my_interests(request.user, initiative)}
    value = request.POST.get("city", "")
    city = mine.get(int(value) if value.isdigit() else 0)
    if city is None:
        raise PermissionDenied
    try:
        services.withdraw_interest(initiative, city=city, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The interest of %(city)s is withdrawn.") % {"city": city})
    return redirect(initiative)


@login_required
@require_POST
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a member city's role (the lead); the initiative keeps a lead."""
    initiative = permissions.get_for_lead(request.user, pk)
    value = request.POST.get("city", "")
    member = get_object_or_404(
        Member.objects.select_related("city"),
        initiative=initiative,
        city_id=int(value) if value.isdigit() else 0,
    )
    try:
        services.change_role(
            initiative, city=member.city, role=request.POST.get("role", ""), by=request.user
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The role of %(city)s is changed.") % {"city": member.city})
    return redirect(initiative)


@login_required
@require_http_methods(["GET", "POST"])
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A shared document's versions; its writers upload a new version."""
    document = permissions.get_document(request.user, pk)
    initiative = document.initiative
    can_write = permissions.can_write_workspace(request.user, initiative)
    if request.method == "POST" and not can_write:
        raise PermissionDenied
    form = forms.VersionUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = workspace.upload_document(
                initiative, upload=form.cleaned_data["file"], document=document, by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Version %(number)s is shared.") % {"number": version.number}
            )
            return redirect("connections:initiative-document", pk=document.pk)
    context = {
        "document": document,
        "initiative": initiative,
        "versions": list(document.versions.select_related("uploaded_by")),
        "form": form if can_write else None,
    }
    return render(request, T + "document.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def output_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an output's texts in English and French (writers; the lead also once finished)."""
    output = get_object_or_404(Output.objects.select_related("initiative"), pk=pk)
    initiative = permissions.get_workspace(request.user, output.initiative.pk)
    if not permissions.can_edit_outputs(request.user, initiative):
        raise PermissionDenied
    fields = ("kind", "title", "summary", "title_fr", "summary_fr", "version")
    form = forms.OutputEditForm(
        request.POST or None, initial={name: getattr(output, name) for name in fields}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            workspace.edit_output(output, by=request.user, **form.cleaned_data)
        except VersionConflict as error:
            labels = {name: form.fields[name].label for name in error.mine if name in form.fields}
            conflict = differences(error.mine, error.theirs, labels=labels)
            post = request.POST.copy()
            post["version"] = str(error.version)
            form = forms.OutputEditForm(post)
            form.is_valid()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The output is saved."))
            return redirect("connections:initiative-workspace", pk=initiative.pk)
    context = {
        "conflict": conflict,
        "form": form,
        "title": _("Change the output “%(title)s”") % {"title": output.title},
        "back_url": reverse("connections:initiative-workspace", kwargs={"pk": initiative.pk}),
    }
    return render(request, T + "form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def package_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A work package: its tasks (add, mark done) and its message thread."""
    package = get_object_or_404(WorkPackage.objects.select_related("initiative"), pk=pk)
    initiative = permissions.get_workspace(request.user, package.initiative_id)
    can_write = permissions.can_write_workspace(request.user, initiative)
    action = request.POST.get("action", "")
    if request.method == "POST" and not can_write:
        raise PermissionDenied
    here = redirect("connections:initiative-package", pk=package.pk)
    if request.method == "POST" and action == "done":
        _finish_ticked(request, initiative)
        return here
    data = request.POST if request.method == "POST" else None
    cities = [m.city for m in initiative.members.select_related("city")]
    page_forms = {
        "task": forms.TaskForm(data if action == "task" else None, prefix="task", cities=cities),
        "message": forms.MessageForm(data if action == "message" else None, prefix="message"),
    }
    if request.method == "POST":
        form = page_forms.get(action)
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                _write(request, initiative, form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return here
    context = {
        "initiative": initiative,
        "row": selectors.package_page(package),
        "can_write": can_write,
        "forms": page_forms,
    }
    return render(request, T + "package.html", context)


@login_required
@require_POST
def member_leave(request: HttpRequest, pk: int) -> HttpResponse:
    """Take one of the person's cities out of the initiative (its coordinator); the lead is told."""
    initiative = permissions.get_initiative_for_view(request.user, pk)
    mine = {m.city_id: m.city for m in permissions.leave_choices(request.user, initiative)}
    value = request.POST.get("city", "")
    city = mine.get(int(value) if value.isdigit() else 0)
    if city is None:
        raise PermissionDenied
    try:
        services.leave(initiative, city=city, by=request.user)
    except ValidationError as error:
        _refused(request, error)
        return redirect(initiative)
    messages.success(request, _("%(city)s has left the initiative.") % {"city": city})
    if permissions.can_view_calls(request.user):
        return redirect(initiative)
    return redirect("connections:initiative-list")


MEETING_FORM_FIELDS = ("title", "title_fr", "meets_on", "at", "until", "place")


@login_required
@require_http_methods(["GET", "POST"])
def output_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an output of the initiative, in English and French (the workspace's writers)."""
    initiative = permissions.get_workspace_for_write(request.user, pk)
    form = forms.OutputForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workspace.add_output(initiative, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The output is recorded."))
            return redirect("connections:initiative-workspace", pk=initiative.pk)
    context = {
        "form": form,
        "title": _("Record an output of “%(title)s”") % {"title": initiative},
        "back_url": reverse("connections:initiative-workspace", kwargs={"pk": initiative.pk}),
    }
    return render(request, T + "form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan a partners' meeting, on its own or at an event (the workspace's writers).

    A page of its own: the workspace lists the meetings and links here, so its readers
    do not pay for a form of seven fields and the network's next events.
    """
    initiative = permissions.get_workspace_for_write(request.user, pk)
    form = forms.MeetingForm(
        request.POST or None, events=selectors.event_choices(today=timezone.localdate())
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workspace.add_meeting(
                initiative,
                event_id=data["event"],
                by=request.user,
                **{name: data[name] for name in MEETING_FORM_FIELDS},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting is planned; the cities are told."))
            return redirect("connections:initiative-workspace", pk=initiative.pk)
    context = {
        "form": form,
        "title": _("Plan a meeting of “%(title)s”") % {"title": initiative},
        "back_url": reverse("connections:initiative-workspace", kwargs={"pk": initiative.pk}),
    }
    return render(request, T + "form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a meeting (the workspace's writers), checked against its version."""
    meeting = permissions.get_meeting_for_write(request.user, pk)
    initiative = meeting.initiative
    if meeting.is_cancelled:
        raise Http404
    events = selectors.event_choices(today=timezone.localdate(), keep=meeting.event_id)
    initial = {name: getattr(meeting, name) for name in MEETING_FORM_FIELDS} | {
        "event": meeting.event_id,
        "version": meeting.version,
    }
    form = forms.MeetingEditForm(request.POST or None, initial=initial, events=events)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            workspace.edit_meeting(
                meeting,
                by=request.user,
                version=data["version"],
                event_id=data["event"],
                **{name: data[name] for name in MEETING_FORM_FIELDS},
            )
        except VersionConflict as error:
            labels = {name: form.fields[name].label for name in error.mine if name in form.fields}
            conflict = differences(error.mine, error.theirs, labels=labels)
            post = request.POST.copy()
            post["version"] = str(error.version)
            form = forms.MeetingEditForm(post, events=events)
            form.is_valid()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting is changed; the cities are told."))
            return redirect("connections:initiative-workspace", pk=initiative.pk)
    context = {
        "conflict": conflict,
        "form": form,
        "title": _("Change the meeting “%(title)s”") % {"title": meeting},
        "back_url": reverse("connections:initiative-workspace", kwargs={"pk": initiative.pk}),
    }
    return render(request, T + "form.html", context)


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a meeting (the workspace's writers); the cities are told."""
    meeting = permissions.get_meeting_for_write(request.user, pk)
    try:
        workspace.cancel_meeting(meeting, by=request.user, version=_version(request))
    except ValidationError as error:
        _refused(request, error)
    except VersionConflict:
        messages.error(request, _("Someone changed this meeting meanwhile: try again."))
    else:
        messages.success(request, _("The meeting is cancelled; the cities are told."))
    return redirect("connections:initiative-workspace", pk=meeting.initiative_id)


@login_required
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve one meeting as an iCalendar file, to add it to a calendar (its workspace's readers)."""
    meeting = permissions.get_meeting(request.user, pk)
    language = selectors.language()
    body = render_calendar(
        selectors.meeting_entries([meeting], language=language), name=meeting.title_in(language)
    )
    return calendar_response(body, f"icc-meeting-{meeting.pk}.ics")


@login_required
def meetings_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve every meeting of an initiative as one iCalendar file (its workspace's readers)."""
    initiative = permissions.get_workspace(request.user, pk)
    meetings = list(Meeting.objects.filter(initiative=initiative))
    for meeting in meetings:
        meeting.initiative = initiative
    language = selectors.language()
    body = render_calendar(
        selectors.meeting_entries(meetings, language=language),
        name=initiative.title_in(language),
    )
    return calendar_response(body, f"icc-initiative-{initiative.pk}-meetings.ics")
