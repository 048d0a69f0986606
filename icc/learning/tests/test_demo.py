"""The demo induction course: bilingual, long enough, and loaded once."""

import io

from icc.learning import demo
from icc.learning.models import Course, Lesson, Resource


def test_the_demo_course_is_published_in_both_languages_and_loads_once(db):
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    course = Course.objects.get(slug="welcome-to-the-network")
    assert Course.objects.count() == 1 and course.published_version is not None
    lessons = Lesson.objects.filter(module__course=course)
    assert course.modules.count() >= 4
    assert lessons.filter(kind="text").count() >= 12 and lessons.filter(kind="check").count() >= 3
    french = lessons.filter(kind="text").first().texts["fr"]["body"]
    assert "\u202f:" in french or "\u202f;" in french
    assert "'" not in french
    assert Resource.objects.count() == 3
