"""What the learning space tells people: being enrolled in a course."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from icc.accounts.notifications import in_each_language, notify, register_notification_kinds

register_notification_kinds(
    {
        "learning.enrolled": _("%(actor)s enrolled you in the course “%(course)s”."),
    }
)


def enrolled(enrolment: Any, *, by: Any) -> None:
    """Tell a person that someone enrolled them in a course."""
    course = enrolment.course
    notify(
        [enrolment.user],
        kind="learning.enrolled",
        target=enrolment,
        actor=by,
        context={"course": in_each_language(course.title)},
        link=reverse("learning:course-detail", kwargs={"slug": course.slug}),
    )
