"""Pages of connections: recommended peers, requests, the shared log, study visits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from icc.connections import permissions, selectors, services
from icc.connections.forms import ConnectionForm, LogEntryForm, StudyVisitForm, VisitReportForm
from icc.connections.mentoring.forms import STUDY_VISIT_TEMPLATES
from icc.connections.models import Invitation, Scheme
from icc.core.forms import save_or_show
from icc.core.markup import render_markdown
from icc.network.models import City


def _city(request: HttpRequest, slug: str) -> City:
    city = get_object_or_404(City.objects.visible_to_public(), slug=slug)
    if not permissions.can_view_recommendations(request.user, city):
        raise PermissionDenied
    return city


@login_required
def recommendations(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the city's recommended peers for each weak Index area, with reasons."""
    city = _city(request, slug)
    context = {
        "city": city,
        "sections": selectors.recommendations_for(city),
        "can_propose": permissions.can_propose_connection(request.user, city),
    }
    return render(request, "connections/recommendations.html", context)


@login_required
def connection_list(request: HttpRequest) -> HttpResponse:
    """List the connection requests of the person's cities."""
    if not permissions.can_view_connection_list(request.user):
        raise PermissionDenied
    connections = permissions.get_connections_for_list(request.user)
    return render(request, "connections/connection_list.html", {"connections": connections})


@login_required
@require_http_methods(["GET", "POST"])
def connection_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Propose a connection on behalf of the city."""
    city = get_object_or_404(City, slug=slug)
    if not permissions.can_propose_connection(request.user, city):
        raise PermissionDenied
    initial = {
        "to_cities": request.GET.getlist("to"),
        "topic": request.GET.get("topic", ""),
        "area": request.GET.get("area", ""),
    }
    form = ConnectionForm(request.POST or None, initial=initial, from_city=city)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        connection = services.propose_connection(
            proposed_by=request.user,
            from_city=city,
            to_cities=list(data["to_cities"]),
            topic=data["topic"],
            area=data["area"],
            message=data["message"],
        )
        messages.success(request, _("Your proposal is sent."))
        return redirect(connection)
    return render(request, "connections/connection_form.html", {"form": form, "city": city})


@login_required
@require_http_methods(["GET", "POST"])
def connection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a connection: who takes part, the shared log and the study visits."""
    connection = permissions.get_connection_for_view(request.user, pk)
    can_write = permissions.can_write_log(request.user, connection)
    form = LogEntryForm(request.POST or None)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            own = permissions.city_ids_of(request.user) & permissions.participant_city_ids(
                connection
            )
            services.add_log_entry(
                connection,
                author=request.user,
                city=City.objects.filter(pk__in=own).first(),
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
            )
            return redirect(connection)
    mine = permissions.city_ids_of(request.user)
    context = {
        "connection": connection,
        "message": render_markdown(connection.message),
        "entries": [
            (entry, render_markdown(entry.text))
            for entry in connection.log_entries.select_related("city", "author")
        ],
        "visits": [
            (visit, render_markdown(visit.programme), render_markdown(visit.report))
            for visit in connection.study_visits.select_related("host")
        ],
        "can_edit_visits": permissions.can_edit_study_visits(request.user, connection),
        "to_answer": [
            invitation
            for invitation in connection.invitations.all()
            if invitation.city_id in mine and invitation.answer == Invitation.Answer.PENDING
        ],
        "can_write": can_write,
        "form": form,
    }
    return render(request, "connections/connection_detail.html", context)


@login_required
@require_POST
def connection_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or decline an invitation on behalf of the invited city."""
    connection = permissions.get_connection_for_view(request.user, pk)
    city = get_object_or_404(City, pk=request.POST.get("city") or 0)
    if not permissions.can_answer_invitation(request.user, city):
        raise PermissionDenied
    accept = request.POST.get("accept") == "1"
    try:
        services.answer_invitation(connection, city=city, accept=accept, answered_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You accepted the connection.") if accept else _("You declined the connection."),
        )
    return redirect(connection)


@login_required
@require_http_methods(["GET", "POST"])
def study_visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan a study visit of the connection."""
    connection = permissions.get_connection_for_view(request.user, pk)
    if not permissions.can_write_log(request.user, connection):
        raise PermissionDenied
    hosts = City.objects.filter(pk__in=permissions.participant_city_ids(connection))
    # A mentoring scheme offers its three visits as a template (?template=needs).
    template = STUDY_VISIT_TEMPLATES.get(request.GET.get("template", ""))
    initial = {"programme": str(template[1])} if template else {}
    form = StudyVisitForm(request.POST or None, initial=initial, hosts=hosts)
    if request.method == "POST" and form.is_valid():
        services.plan_study_visit(connection, planned_by=request.user, **form.cleaned_data)
        messages.success(request, _("The study visit is planned."))
        scheme = Scheme.objects.filter(connection=connection).first()
        return redirect(scheme or connection)
    return render(
        request, "connections/studyvisit_form.html", {"form": form, "connection": connection}
    )


@login_required
@require_http_methods(["GET", "POST"])
def study_visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a study visit's host, dates, participants and programme."""
    visit = permissions.get_study_visit_for_edit(request.user, pk)
    hosts = City.objects.filter(pk__in=sorted(permissions.participant_city_ids(visit.request)))
    initial = {
        name: getattr(visit, name)
        for name in ("host", "starts_on", "ends_on", "participants", "programme")
    }
    form = StudyVisitForm(request.POST or None, initial=initial, hosts=hosts)
    return save_or_show(
        request,
        form,
        save=lambda data: services.change_study_visit(visit, changed_by=request.user, **data),
        done=_("The study visit is saved."),
        success_url=visit.request.get_absolute_url(),
        template="connections/studyvisit_form.html",
        context={"connection": visit.request, "visit": visit},
    )


@login_required
@require_http_methods(["GET", "POST"])
def study_visit_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the report of a study visit once it has begun."""
    visit = permissions.get_study_visit_for_edit(request.user, pk)
    form = VisitReportForm(request.POST or None, initial={"report": visit.report})
    return save_or_show(
        request,
        form,
        save=lambda data: services.write_visit_report(
            visit, written_by=request.user, report=data["report"]
        ),
        done=_("The report is saved."),
        success_url=visit.request.get_absolute_url(),
        template="connections/studyvisit_report.html",
        context={
            "connection": visit.request,
            "visit": visit,
            "programme": render_markdown(visit.programme),
            "report": render_markdown(visit.report),
        },
    )
