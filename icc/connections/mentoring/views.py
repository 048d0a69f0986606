"""Pages of mentoring: pilot cities, proposals, schemes, agreements, check-ins, closure."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from icc.connections import permissions
from icc.connections.mentoring import closure, forms, selectors, services
from icc.connections.mentoring.effect import MIN_CITIES
from icc.connections.models import Mentor, Milestone, Scheme, SchemeMember, StudyVisit
from icc.core.forms import add_service_errors, save_or_show
from icc.core.markup import render_markdown
from icc.core.pdf import offers_pdf
from icc.core.versions import VersionConflict, differences
from icc.network.models import City, NationalNetwork

FORM = "connections/mentoring/form.html"


def _secretariat(request: HttpRequest) -> None:
    if not permissions.can_manage_mentoring(request.user):
        raise PermissionDenied


@login_required
def scheme_list(request: HttpRequest) -> HttpResponse:
    """List the schemes the person reads; the secretariat sees every state's count."""
    if not permissions.can_view_scheme_list(request.user):
        raise PermissionDenied
    state = request.GET.get("state", "")
    schemes = permissions.get_schemes_for_list(request.user)
    is_secretariat = permissions.can_manage_mentoring(request.user)
    page, rows = selectors.schemes_page(schemes, state=state, page=request.GET.get("page"))
    context = {
        "page": page,
        "rows": rows,
        "state": state if state in selectors.STATE_FILTERS else "",
        "counts": selectors.scheme_counts() if is_secretariat else None,
        "is_secretariat": is_secretariat,
        "query": f"state={state}" if state in selectors.STATE_FILTERS else "",
    }
    return render(request, "connections/mentoring/scheme_list.html", context)


@login_required
def mentor_list(request: HttpRequest) -> HttpResponse:
    """List the pilot cities, with their areas, languages and places; choose one to mark."""
    _secretariat(request)
    city = request.GET.get("city")
    if city:
        found = City.objects.filter(pk=city if city.isdigit() else 0).first()
        if found is not None:
            return redirect("connections:mentor-edit", slug=found.slug)
    mentors = list(Mentor.objects.select_related("city"))
    taken = selectors.mentee_places_taken([m.city_id for m in mentors])
    candidates = City.objects.filter(
        status__in=[City.Status.MEMBER, City.Status.APPLICANT], mentor_profile__isnull=True
    )
    context = {
        "rows": [(m, taken[m.city_id]) for m in mentors],
        "candidates": candidates,
        "areas": dict(selectors.area_choices()),
    }
    return render(request, "connections/mentoring/mentor_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mentor_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Mark a city as a pilot city, or change its areas, languages and capacity."""
    _secretariat(request)
    city = get_object_or_404(City.objects.visible_to_public(), slug=slug)
    mentor = Mentor.objects.filter(city=city).first()
    if mentor is not None:
        initial: dict[str, Any] = {
            name: getattr(mentor, name)
            for name in ("areas", "languages", "capacity", "is_active", "note", "version")
        }
    else:
        initial = {
            "areas": selectors.suggested_mentor_areas(city),
            "languages": city.languages or [],
            "capacity": 1,
            "is_active": True,
        }
    form = forms.MentorForm(request.POST or None, initial=initial, areas=selectors.area_choices())
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_mentor(city, saved_by=request.user, **data)
        except VersionConflict as error:
            labels = {name: form.fields[name].label for name in error.mine}
            conflict = differences(error.mine, error.theirs, labels=labels)
            post = request.POST.copy()
            post["version"] = str(error.version)
            form = forms.MentorForm(post, areas=selectors.area_choices())
            form.is_valid()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The pilot city is saved."))
            return redirect("connections:mentor-list")
    context = {
        "form": form,
        "conflict": conflict,
        "title": _("Pilot city: %(city)s") % {"city": city},
        "back_url": reverse("connections:mentor-list"),
    }
    return render(request, FORM, context)


@login_required
def mentor_proposals(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the mentors proposed to a city, with reasons; the secretariat proposes a pair."""
    city = get_object_or_404(City.objects.visible_to_public(), slug=slug)
    if not permissions.can_view_mentor_proposals(request.user, city):
        raise PermissionDenied
    context = {
        "city": city,
        "proposals": selectors.mentor_proposals(city),
        "can_propose": permissions.can_manage_mentoring(request.user) and city.may_act_for_network,
    }
    return render(request, "connections/mentoring/mentor_proposals.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def scheme_create(request: HttpRequest) -> HttpResponse:
    """Propose a pair or a themed group (the secretariat)."""
    _secretariat(request)
    initial = {
        "mentors": request.GET.getlist("mentor"),
        "mentees": request.GET.getlist("mentee"),
        "title": request.GET.get("title", ""),
    }
    form = forms.SchemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.propose_scheme(proposed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The scheme is proposed to its cities."))
            return redirect(scheme)
    context = {
        "form": form,
        "title": _("Propose a mentoring scheme"),
        "intro": _("A pair is one mentor and one mentee; a themed group has several of each."),
        "submit_label": _("Propose the scheme"),
        "back_url": reverse("connections:scheme-list"),
    }
    return render(request, FORM, context)


@login_required
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a scheme: its cities and answers, agreement, roadmap, check-ins, evaluations."""
    scheme = permissions.get_scheme_for_view(request.user, pk)
    user = request.user
    connection = scheme.connection
    visits = connection.study_visits.select_related("host") if connection else []
    context = {
        "scheme": scheme,
        "mentors": scheme.members_on(SchemeMember.Side.MENTOR),
        "mentees": scheme.members_on(SchemeMember.Side.MENTEE),
        "benchmark": render_markdown(scheme.benchmark_in(get_language())),
        "goals": selectors.goal_rows(scheme),
        "milestones": scheme.milestones.select_related("owner"),
        "check_ins": [
            (
                c,
                render_markdown(c.notes),
                render_markdown(c.decisions),
                render_markdown(c.next_steps),
            )
            for c in scheme.check_ins.select_related("study_visit__host")
        ],
        "visits": visits,
        "working_language_name": selectors.language_name(scheme.working_language),
        "to_answer": permissions.members_to_answer(user, scheme),
        "to_sign": permissions.members_to_sign(user, scheme),
        "to_evaluate": permissions.members_to_evaluate(user, scheme),
        "can_write": permissions.can_write_scheme(user, scheme),
        "networks": NationalNetwork.objects.all()
        if permissions.can_manage_mentoring(user)
        else None,
        "can_change_agreement": permissions.can_change_agreement(user, scheme),
        "answer_form": forms.AnswerForm(),
        "visit_template": forms.STUDY_VISIT_TEMPLATES,
        # The study visits live on the scheme's connection, whose pages ask their own rules.
        "can_view_connection": connection is not None
        and permissions.can_view_connection(user, connection),
        "can_plan_visits": connection is not None and permissions.can_write_log(user, connection),
    }
    return render(request, "connections/mentoring/scheme_detail.html", context)


@login_required
@require_POST
def scheme_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or decline a proposed scheme for one of the person's cities."""
    scheme = permissions.get_scheme_for_view(request.user, pk)
    mine = {m.city_id: m for m in permissions.members_to_answer(request.user, scheme)}
    city_id = request.POST.get("city", "")
    if not city_id.isdigit() or int(city_id) not in mine:
        raise PermissionDenied
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_scheme(
                scheme,
                city=mine[int(city_id)].city,
                accept=form.cleaned_data["accept"],
                reason=form.cleaned_data["reason"],
                answered_by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your answer is recorded."))
    else:
        messages.error(request, _("Choose to accept or decline."))
    return redirect(scheme)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the agreement's duration and benchmark, until every city has signed."""
    scheme = permissions.get_scheme_for_write(request.user, pk)
    if not permissions.can_change_agreement(request.user, scheme):
        raise PermissionDenied
    initial = {
        "duration_months": scheme.duration_months,
        "benchmark": scheme.benchmark,
        "benchmark_fr": scheme.benchmark_fr,
        "working_language": scheme.working_language,
        "version": scheme.version,
    }
    form = forms.AgreementForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.change_agreement(scheme, changed_by=request.user, **form.cleaned_data)
        except VersionConflict as error:
            labels = {name: form.fields[name].label for name in error.mine}
            conflict = differences(error.mine, error.theirs, labels=labels)
            post = request.POST.copy()
            post["version"] = str(error.version)
            form = forms.AgreementForm(post)
            form.is_valid()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agreement is saved."))
            return redirect(scheme)
    context = {
        "form": form,
        "scheme": scheme,
        "conflict": conflict,
        "title": _("The agreement"),
        "intro": _("Changing the agreement withdraws the signatures already given."),
        "back_url": scheme.get_absolute_url(),
    }
    return render(request, FORM, context)


def _mentees(scheme: Scheme) -> Any:
    ids = [m.city_id for m in scheme.members_on(SchemeMember.Side.MENTEE)]
    return City.objects.filter(pk__in=ids)


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a goal from a mentee's weak areas; its baseline is its last published score."""
    scheme = permissions.get_scheme_for_write(request.user, pk)
    if not permissions.can_change_agreement(request.user, scheme):
        raise PermissionDenied
    mentees = _mentees(scheme)
    chosen = request.POST.get("mentee") or request.GET.get("mentee")
    mentee = mentees.filter(pk=chosen if chosen and chosen.isdigit() else 0).first()
    mentee = mentee or mentees.first()
    areas = selectors.area_choices(mentee) if mentee else []
    form = forms.GoalForm(
        request.POST or None,
        initial={"mentee": mentee, "area": request.GET.get("area", "")},
        mentees=mentees,
        areas=areas,
    )
    return save_or_show(
        request,
        form,
        save=lambda data: services.add_goal(scheme, added_by=request.user, **data),
        done=_("The goal is added."),
        success_url=scheme.get_absolute_url(),
        template=FORM,
        context={
            "scheme": scheme,
            "title": _("Add a goal"),
            "intro": _(
                "The baseline is the mentee's last published score in the area; the target"
                " cannot be below it."
            ),
            "back_url": scheme.get_absolute_url(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a dated milestone of the roadmap, owned by one of the scheme's cities."""
    scheme = permissions.get_scheme_for_write(request.user, pk)
    if not permissions.can_change_agreement(request.user, scheme):
        raise PermissionDenied
    cities = City.objects.filter(
        pk__in=[m.city_id for m in scheme.members.all() if m.answer == m.Answer.ACCEPTED]
    )
    form = forms.MilestoneForm(request.POST or None, cities=cities)
    return save_or_show(
        request,
        form,
        save=lambda data: services.add_milestone(scheme, added_by=request.user, **data),
        done=_("The milestone is added."),
        success_url=scheme.get_absolute_url(),
        template=FORM,
        context={
            "scheme": scheme,
            "title": _("Add a milestone"),
            "back_url": scheme.get_absolute_url(),
        },
    )


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that a milestone is done today."""
    milestone = get_object_or_404(Milestone, pk=pk)
    scheme = permissions.get_scheme_for_write(request.user, milestone.scheme_id)
    services.complete_milestone(milestone, done_by=request.user)
    messages.success(request, _("The milestone is done."))
    return redirect(scheme)


@login_required
@require_POST
def agreement_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the sign-off of the agreement for one of the person's cities."""
    scheme = permissions.get_scheme_for_view(request.user, pk)
    mine = {m.city_id: m for m in permissions.members_to_sign(request.user, scheme)}
    city_id = request.POST.get("city", "")
    if not city_id.isdigit() or int(city_id) not in mine:
        raise PermissionDenied
    try:
        services.sign_agreement(scheme, city=mine[int(city_id)].city, signed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The agreement is signed."))
    return redirect(scheme)


@login_required
@require_http_methods(["GET", "POST"])
def checkin_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a check-in: date, notes, decisions, next steps, a document, a study visit."""
    scheme = permissions.get_scheme_for_write(request.user, pk)
    visits = (
        scheme.connection.study_visits.select_related("host")
        if scheme.connection
        else StudyVisit.objects.none()
    )
    form = forms.CheckInForm(request.POST or None, request.FILES or None, visits=visits)
    return save_or_show(
        request,
        form,
        save=lambda data: services.record_check_in(scheme, recorded_by=request.user, **data),
        done=_("The check-in is recorded."),
        success_url=scheme.get_absolute_url(),
        template=FORM,
        context={
            "scheme": scheme,
            "title": _("Log a check-in"),
            "multipart": True,
            "back_url": scheme.get_absolute_url(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the evaluation of one of the person's cities; the last one closes the scheme."""
    scheme = permissions.get_scheme_for_view(request.user, pk)
    mine = permissions.members_to_evaluate(request.user, scheme)
    if not mine:
        raise PermissionDenied
    member = mine[0]
    form = forms.EvaluationForm(request.POST or None)
    return save_or_show(
        request,
        form,
        save=lambda data: closure.evaluate_scheme(
            scheme, city=member.city, evaluated_by=request.user, **data
        ),
        done=_("The evaluation is saved."),
        success_url=scheme.get_absolute_url(),
        template=FORM,
        context={
            "scheme": scheme,
            "title": _("Evaluation of %(city)s") % {"city": member.city},
            "intro": _("Once every city has written its evaluation, the scheme closes."),
            "back_url": scheme.get_absolute_url(),
        },
    )


@offers_pdf
def closing_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the closing report: goals and their effect, evaluations (public once all publish)."""
    scheme = permissions.get_scheme_for_report(request.user, pk)
    user = request.user
    mentees = scheme.members_on(SchemeMember.Side.MENTEE)
    context = {
        "scheme": scheme,
        "mentors": scheme.members_on(SchemeMember.Side.MENTOR),
        "mentees": mentees,
        "benchmark": render_markdown(scheme.benchmark_in(get_language())),
        "goals": selectors.goal_rows(scheme),
        "check_in_count": scheme.check_ins.count(),
        "milestones": scheme.milestones.select_related("owner"),
        "is_public": permissions.is_report_public(scheme),
        "to_publish": permissions.members_to_publish(user, scheme),
        "practice_cities": [
            m.city for m in mentees if permissions.can_draft_practice(user, scheme, m.city)
        ],
    }
    return render(request, "connections/mentoring/closing_report.html", context)


@login_required
@require_POST
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Consent, for one of the person's cities, to publish the closing report."""
    scheme = permissions.get_scheme_for_view(request.user, pk)
    mine = {m.city_id: m for m in permissions.members_to_publish(request.user, scheme)}
    city_id = request.POST.get("city", "")
    if not city_id.isdigit() or int(city_id) not in mine:
        raise PermissionDenied
    closure.publish_closing_report(scheme, city=mine[int(city_id)].city, published_by=request.user)
    messages.success(request, _("Your city publishes the closing report."))
    return redirect("connections:closing-report", pk=scheme.pk)


@login_required
@require_http_methods(["GET", "POST"])
def practice_draft(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """Turn an outcome into a draft good practice of the mentee, pre-filled from the scheme."""
    scheme = permissions.get_scheme_for_view(request.user, pk)
    city = get_object_or_404(City, slug=slug)
    if not permissions.can_draft_practice(request.user, scheme, city):
        raise PermissionDenied
    goals = [row for row in selectors.goal_rows(scheme) if row.goal.mentee_id == city.pk]
    worked = [m.what_worked for m in scheme.members_on(SchemeMember.Side.MENTEE) if m.city == city]
    texts = [row.goal.description for row in goals] + worked
    initial = {
        "title": scheme.title_in(get_language()),
        "summary": "\n\n".join(filter(None, texts))[:1000],
    }
    form = forms.PracticeDraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            practice = closure.draft_practice_from_outcome(
                scheme,
                city=city,
                drafted_by=request.user,
                language=(get_language() or "en")[:2],
                **form.cleaned_data,
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
        "scheme": scheme,
        "title": _("A draft good practice of %(city)s") % {"city": city},
        "intro": _(
            "The draft goes to the city's practices; complete it there, then submit it for"
            " review by the secretariat."
        ),
        "submit_label": _("Save the draft"),
        "back_url": reverse("connections:closing-report", kwargs={"pk": scheme.pk}),
    }
    return render(request, FORM, context)


@login_required
def effect(request: HttpRequest) -> HttpResponse:
    """Show the measured effect of mentoring across closed schemes (the secretariat)."""
    _secretariat(request)
    measured = selectors.closed_scheme_effect()
    context = {
        "rows": [
            (_("The mentored areas of the mentees"), measured.mentored),
            (_("The mentees' other areas"), measured.other_areas),
            (_("The same areas in non-mentored cities of the same bands"), measured.comparison),
        ],
        "counts": selectors.scheme_counts(),
        "min_cities": MIN_CITIES,
    }
    return render(request, "connections/mentoring/effect.html", context)


@login_required
@require_POST
def member_network(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a national network to one city's side of a scheme (the secretariat)."""
    member = get_object_or_404(SchemeMember.objects.select_related("city"), pk=pk)
    scheme = permissions.get_scheme_for_view(request.user, member.scheme_id)
    _secretariat(request)
    chosen = request.POST.get("national_network", "")
    network = NationalNetwork.objects.filter(pk=chosen).first() if chosen.isdigit() else None
    services.attach_national_network(member, national_network=network, attached_by=request.user)
    messages.success(request, _("The national network is saved."))
    return redirect(scheme)
