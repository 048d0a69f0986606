"""Who may read, follow and author courses, and whose progress they may see.

- Everyone reads the published public courses; people of the network (any role) also
  read the members-only ones. Lessons are read by the same people; progress is kept for
  signed-in people only.
- The secretariat authors every course, sees every draft and every city's progress, and
  enrols anyone.
- A city's coordinators and editors see their own city's progress, never another's.
- A certificate PDF is the holder's and the secretariat's; its public page says only
  name, course and date.
- The library's resources are read like courses: public ones by everyone, the others by
  the people of the network; the secretariat adds them and sees downloads per city.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from icc.accounts.permissions import active_grants, is_secretariat
from icc.learning.models import (
    Certificate,
    Course,
    Enrolment,
    LessonFile,
    Resource,
    ResourceFile,
)
from icc.network.models import City
from icc.network.permissions import city_may_act, is_city_person


def is_network_person(user: Any) -> bool:
    """Return whether the person holds any role in the network (members-only content)."""
    return bool(active_grants(user))


def can_author_courses(user: Any) -> bool:
    """Return whether the person may create, edit and publish courses."""
    return is_secretariat(user)


def can_view_course(user: Any, course: Course) -> bool:
    """Return whether the person may read the course (drafts: the secretariat)."""
    if is_secretariat(user):
        return True
    if not course.is_published:
        return False
    return course.is_public or is_network_person(user)


def can_follow_course(user: Any, course: Course) -> bool:
    """Return whether the person may keep progress in the course (signed in, may read it)."""
    return (
        getattr(user, "is_authenticated", False)
        and course.is_published
        and can_view_course(user, course)
    )


def can_enrol_people(user: Any) -> bool:
    """Return whether the person may enrol others and set due dates (the secretariat)."""
    return is_secretariat(user)


def can_view_cohort(user: Any) -> bool:
    """Return whether the person may see every city's progress and export it."""
    return is_secretariat(user)


def can_view_city_progress(user: Any, city: City) -> bool:
    """Return whether the person may see the progress of ``city``'s people."""
    return is_secretariat(user) or is_city_person(user, city)


def can_download_lesson_file(user: Any, row: LessonFile) -> bool:
    """Return whether the person may download a lesson's image or file: who reads the course."""
    return can_view_course(user, row.course)


def can_download_certificate(user: Any, certificate: Certificate) -> bool:
    """Return whether the person may download the certificate PDF: its holder, the secretariat."""
    return is_secretariat(user) or (
        getattr(user, "is_authenticated", False) and certificate.enrolment.user_id == user.pk
    )


def get_course_for_view(user: Any, slug: str) -> Course:
    """Return the course the person may read, or raise 404."""
    course = Course.objects.select_related("published_version").filter(slug=slug).first()
    if course is None or not can_view_course(user, course):
        raise Http404
    return course


def get_course_for_authoring(user: Any, slug: str) -> Course:
    """Return the course for the secretariat's authoring pages, or raise 404."""
    if not can_author_courses(user):
        raise Http404
    course = Course.objects.select_related("published_version").filter(slug=slug).first()
    if course is None:
        raise Http404
    return course


def get_courses_for_list(user: Any) -> list[Course]:
    """Return the courses the person may find in the list."""
    courses = Course.objects.select_related("published_version")
    return [course for course in courses if can_view_course(user, course)]


def get_enrolment(user: Any, course: Course) -> Enrolment | None:
    """Return the person's own enrolment in the course, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Enrolment.objects.filter(course=course, user=user).first()


def can_view_resource(user: Any, resource: Resource) -> bool:
    """Return whether the person may read and download a resource of the library."""
    if is_secretariat(user):
        return True
    if resource.current_id is None:
        return False
    return resource.is_public or is_network_person(user)


def can_download_resource_file(user: Any, row: ResourceFile) -> bool:
    """Return whether the person may download a file of a resource: who may read the resource."""
    return can_view_resource(user, row.version.resource)


def can_manage_resources(user: Any) -> bool:
    """Return whether the person may add resources and versions, and see downloads per city."""
    return is_secretariat(user)


def get_resource_for_view(user: Any, slug: str) -> Resource:
    """Return the resource the person may read, or raise 404."""
    resource = Resource.objects.select_related("current").filter(slug=slug).first()
    if resource is None or not can_view_resource(user, resource):
        raise Http404
    return resource


def get_resources_for_list(user: Any) -> QuerySet[Resource]:
    """Return the resources the person may find in the library."""
    resources = Resource.objects.select_related("current")
    if is_secretariat(user):
        return resources
    resources = resources.filter(current__isnull=False)
    if is_network_person(user):
        return resources
    return resources.filter(visibility=Course.Visibility.PUBLIC)


def can_use_city_kit(user: Any, city: City) -> bool:
    """Return whether the person may read and download the city's communication kit."""
    return is_secretariat(user) or is_city_person(user, city)


def can_edit_city_kit(user: Any, city: City) -> bool:
    """Return whether the person may change the kit's key messages (a city that may act)."""
    return is_secretariat(user) or (is_city_person(user, city) and city_may_act(city))


def get_city_for_kit(user: Any, slug: str) -> City:
    """Return the city whose kit the person may use, or raise 404."""
    city = City.objects.filter(slug=slug).first()
    if city is None or not can_use_city_kit(user, city):
        raise Http404
    return city
