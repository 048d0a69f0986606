"""Enrol a city's people in the induction course, without accounts or network knowing.

The learning space listens to Django's ``post_save`` of the two records that mark the
moments of the issue (decision 0038): a ``RoleGrant`` created for a city role, and a
``CityStatusChange`` to member. Both are saved inside the services' transactions, so an
enrolment is written, or rolled back, with the grant or the status change itself.
"""

from datetime import timedelta
from typing import Any

from django.db.models.signals import post_save
from django.utils import timezone

from icc.accounts.models import CITY_ROLES, RoleGrant
from icc.accounts.selectors import people_of_city
from icc.learning.models import Course, Enrolment
from icc.learning.services import enrol
from icc.network.models import City, CityStatusChange

# The time a new coordinator or editor is given to finish the induction course.
INDUCTION_DAYS = 90


def enrol_in_induction(user: Any, *, city: City) -> Enrolment | None:
    """Enrol a person of ``city`` in the induction course, if there is one."""
    course = Course.objects.filter(is_induction=True).first()
    if course is None:
        return None
    return enrol(
        course,
        user,
        source=Enrolment.Source.AUTOMATIC,
        city=city,
        due_on=None
        if Enrolment.objects.filter(course=course, user=user).exists()
        else timezone.localdate() + timedelta(days=INDUCTION_DAYS),
    )


def _role_granted(
    sender: Any, instance: RoleGrant, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not created or instance.role not in CITY_ROLES or instance.city_id is None:
        return
    city = City.objects.filter(pk=instance.city_id, status=City.Status.MEMBER).first()
    if city is not None:
        enrol_in_induction(instance.user, city=city)


def _status_changed(
    sender: Any, instance: CityStatusChange, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not created or instance.to_status != City.Status.MEMBER:
        return
    for user in people_of_city(instance.city):
        enrol_in_induction(user, city=instance.city)


def connect() -> None:
    """Listen to the grants and status changes (called once, from ``AppConfig.ready``)."""
    post_save.connect(_role_granted, sender=RoleGrant, dispatch_uid="learning-role-granted")
    post_save.connect(_status_changed, sender=CityStatusChange, dispatch_uid="learning-city-member")
