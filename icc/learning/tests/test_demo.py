"""The demo induction course: bilingual, long enough, and loaded once."""

import io

from icc.learning import demo
from icc.learning.models import Course, Lesson, Resource


def test_the_demo_course_is_published_in_both_languages_and_loads_once(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
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
    assert Resource.objects.count() == 4
    pack = Resource.objects.get(slug="welcome-banners")
    assert pack.kind == "pack" and pack.versions.count() == 2
    assert sorted(f.name for f in pack.current.files.all()) == ["banner-en.png", "banniere-fr.png"]
    for resource in Resource.objects.all():
        french = " ".join(resource.current.texts["fr"].values())
        assert "'" not in french and " :" not in french
