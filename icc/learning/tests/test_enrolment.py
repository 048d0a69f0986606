"""Automatic enrolment, the secretariat's enrolment, reminders once a week."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import make_person
from icc.accounts.models import Role
from icc.accounts.services import grant_role
from icc.learning import services
from icc.learning.models import Enrolment
from icc.learning.tests.conftest import build_course
from icc.network import services as network_services
from icc.network.models import City, JoinStep
from icc.network.tests.test_membership import take_through_join_steps


def test_a_person_given_a_city_role_in_a_member_city_is_enrolled(secretariat, lyon):
    course = build_course(by=secretariat.user)
    person = make_person("new@lyon.test")
    grant_role(person, Role.CITY_EDITOR, granted_by=secretariat.user, city=lyon)
    enrolment = Enrolment.objects.get(course=course, user=person)
    assert enrolment.source == "automatic" and enrolment.city == lyon
    assert enrolment.due_on == timezone.localdate() + timedelta(days=90)


def test_people_of_a_city_that_becomes_a_member_are_enrolled(secretariat, db):
    course = build_course(by=secretariat.user)
    city = network_services.create_city(
        created_by=None,
        name="Nova",
        slug="nova",
        country="PT",
        join_sequence=list(JoinStep.FIRST_SEQUENCE),
    )
    person = make_person("c@nova.test")
    grant_role(person, Role.CITY_COORDINATOR, granted_by=secretariat.user, city=city)
    assert not Enrolment.objects.filter(user=person).exists()
    take_through_join_steps(city, by=secretariat.user)
    network_services.change_city_status(
        city,
        to=City.Status.MEMBER,
        reason="Decision",
        changed_on=timezone.localdate(),
        changed_by=secretariat.user,
    )
    assert Enrolment.objects.get(course=course, user=person).city == city


def test_no_induction_course_means_no_enrolment(lyon_coordinator):
    assert not Enrolment.objects.exists()


def test_secretariat_enrols_with_a_due_date_in_the_future_only(secretariat, expert):
    course = build_course(by=secretariat.user, is_induction=False)
    with pytest.raises(ValidationError):
        services.enrol(
            course,
            expert.user,
            source="secretariat",
            enrolled_by=secretariat.user,
            due_on=timezone.localdate() - timedelta(days=1),
        )
    enrolment = services.enrol(
        course,
        expert.user,
        source="secretariat",
        enrolled_by=secretariat.user,
        due_on=timezone.localdate() + timedelta(days=3),
    )
    assert enrolment.enrolled_by == secretariat.user


def test_reminders_go_at_most_once_a_week_in_the_persons_language(
    secretariat, lyon_coordinator, django_capture_on_commit_callbacks
):
    course = build_course(by=secretariat.user)
    enrolment = services.enrol(course, lyon_coordinator.user, source="secretariat")
    Enrolment.objects.filter(pk=enrolment.pk).update(
        due_on=timezone.localdate() + timedelta(days=2)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(course=course) == 1
        assert services.send_reminders(course=course) == 0
    assert len(mail.outbox) == 1
    assert "Welcome (fr)" in mail.outbox[0].subject
    assert services.send_reminders(now=timezone.now() + timedelta(days=8)) == 1
