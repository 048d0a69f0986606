"""Progress pages: the secretariat's cohort view and export, a city's people in the courses."""

from html import escape

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from icc.core.exports import CsvWriter
from icc.learning import permissions, selectors
from icc.learning.models import Course
from icc.network.models import City


def _cohort_course(request: HttpRequest, slug: str) -> Course:
    if not permissions.can_view_cohort(request.user):
        raise Http404
    return get_object_or_404(Course.objects.select_related("published_version"), slug=slug)


def cohort(request: HttpRequest, slug: str) -> HttpResponse:
    """Show per city who is enrolled, in progress, done or overdue, and where people stop."""
    course = _cohort_course(request, slug)
    city = None
    if request.GET.get("city"):
        city = City.objects.filter(slug=request.GET["city"][:80]).first()
    total, rows = selectors.cohort(course)
    stops = selectors.where_people_stop(course, city=city)
    top = max((stop.people for stop in stops), default=0)
    return render(
        request,
        "learning/cohort.html",
        {
            "course": course,
            "total": total,
            "city_rows": _city_rows_html(rows),
            "city_options": _city_options_html(rows, city),
            "stops": stops,
            "top": top or 1,
            "city": city,
        },
    )


def _city_rows_html(rows: list[selectors.CohortRow]) -> SafeString:
    """Return the table's rows, one per city, built at once: 200 cities × 7 cells through the
    template language (or ``format_html``) cost more than the page's two grouped queries.
    Names and addresses are escaped; every other cell is a number."""
    # One reverse() for every city's link: the address differs by the slug alone.
    pattern = escape(reverse("learning:city-progress", kwargs={"city": "city-slug"}))
    no_city = escape(_("No city"))
    parts = []
    for row in rows:
        if row.city:
            link = pattern.replace("city-slug", escape(row.city.slug))
            name = f'<a href="{link}">{escape(str(row.city))}</a>'
        else:
            name = no_city
        median = "–" if row.median_days is None else row.median_days
        parts.append(
            f'<tr><th scope="row">{name}</th><td>{row.enrolled}</td><td>{row.not_started}</td>'
            f"<td>{row.in_progress}</td><td>{row.completed}</td><td>{row.overdue}</td>"
            f"<td>{median}</td></tr>"
        )
    return mark_safe("".join(parts))


def _city_options_html(rows: list[selectors.CohortRow], chosen: City | None) -> SafeString:
    """Return the options of the city chooser (the cities with people in the course)."""
    chosen_pk = chosen.pk if chosen else None
    return mark_safe(
        "".join(
            f'<option value="{escape(row.city.slug)}"'
            f"{' selected' if row.city.pk == chosen_pk else ''}>{escape(str(row.city))}</option>"
            for row in rows
            if row.city
        )
    )


def cohort_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """Export the cohort view's table per city as CSV (formula-like text neutralised)."""
    course = _cohort_course(request, slug)
    total, rows = selectors.cohort(course)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{course.slug}-cohort.csv"'
    writer = CsvWriter(response)
    writer.writerow(
        [
            _("City"),
            _("Enrolled"),
            _("Not started"),
            _("In progress"),
            _("Completed"),
            _("Overdue"),
            _("Median days to completion"),
        ]
    )
    for row in [*rows, total]:
        writer.writerow(
            [
                str(row.city) if row.city else (_("All cities") if row is total else _("No city")),
                row.enrolled,
                row.not_started,
                row.in_progress,
                row.completed,
                row.overdue,
                row.median_days if row.median_days is not None else "",
            ]
        )
    return response


def city_progress(request: HttpRequest, city: str) -> HttpResponse:
    """Show a city's people in each course: how far they are, by when, and their certificate."""
    place = get_object_or_404(City, slug=city)
    if not permissions.can_view_city_progress(request.user, place):
        raise Http404
    courses = [c for c in permissions.get_courses_for_list(request.user) if c.is_published]
    sections = [
        (
            course,
            selectors.city_people(course, place),
            selectors.where_people_stop(course, city=place),
        )
        for course in courses
    ]
    return render(
        request,
        "learning/city_progress.html",
        {"city": place, "sections": [s for s in sections if s[1]], "courses": courses},
    )
