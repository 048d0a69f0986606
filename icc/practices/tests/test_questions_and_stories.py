"""Questions to the network, the digest to followers, city stories, news and feeds."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from icc.practices import services
from icc.practices.models import Answer, Question, Story
from icc.practices.tasks import send_challenge_digests

pytestmark = pytest.mark.django_db


def test_a_coordinator_asks_and_another_city_answers(
    lyon_coordinator, oslo_coordinator, lyon, housing
) -> None:
    response = lyon_coordinator.client().post(
        reverse("practices:question-create"),
        {
            "title": "How do you house refugees?",
            "body": "We look for **ideas**.",
            "challenge": housing.pk,
            "city": lyon.pk,
            "language": "en",
        },
    )
    question = Question.objects.get()
    assert response.status_code == 302 and question.city == lyon
    response = oslo_coordinator.client().post(
        question.get_absolute_url(), {"body": "With a housing fund.", "language": "en"}
    )
    assert response.status_code == 302 and question.answers.get().body == "With a housing fund."


def test_a_question_needs_a_challenge_or_an_area(lyon_coordinator) -> None:
    response = lyon_coordinator.client().post(
        reverse("practices:question-create"), {"title": "Untagged?", "language": "en"}
    )
    assert response.status_code == 200 and not Question.objects.exists()


def test_only_the_asker_marks_answers_helpful(
    lyon_coordinator, oslo_coordinator, lyon, housing
) -> None:
    question = services.ask_question(
        asked_by=lyon_coordinator.user,
        city=lyon,
        title="Q",
        body="",
        language="en",
        challenge=housing,
    )
    answer = services.answer_question(
        question, author=oslo_coordinator.user, city=None, body="A", language="en"
    )
    url = reverse("practices:answer-helpful", args=[answer.pk])
    assert oslo_coordinator.client().post(url).status_code == 403
    assert lyon_coordinator.client().post(url).status_code == 302
    answer.refresh_from_db()
    assert answer.is_helpful


def test_visitors_are_sent_to_sign_in_for_questions(visitor) -> None:
    assert visitor.client().get(reverse("practices:question-list")).status_code == 302


def test_followers_get_one_digest_of_yesterdays_questions(
    lyon_coordinator, oslo_coordinator, lyon, housing, refugees
) -> None:
    services.follow_challenge(housing, user=oslo_coordinator.user)
    services.follow_challenge(refugees, user=oslo_coordinator.user)
    services.ask_question(
        asked_by=lyon_coordinator.user,
        city=lyon,
        title="Housing question",
        body="",
        language="en",
        challenge=housing,
    )
    services.ask_question(
        asked_by=lyon_coordinator.user,
        city=lyon,
        title="Reception question",
        body="",
        language="en",
        challenge=refugees,
    )
    mail.outbox.clear()
    tomorrow = timezone.localdate() + timedelta(days=1)
    result = send_challenge_digests.enqueue(day=tomorrow.isoformat())
    assert result.return_value == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["coordinator@oslo.test"]
    assert "Housing question" in mail.outbox[0].body
    assert "Reception question" in mail.outbox[0].body
    assert services.send_challenge_digests(date(2000, 1, 1)) == 0


def test_unfollowing_stops_the_digest(oslo_coordinator, lyon_coordinator, lyon, housing) -> None:
    client = oslo_coordinator.client()
    url = reverse("practices:challenge-follow", args=[housing.slug])
    client.post(url, {"follow": "1"})
    client.post(url, {"follow": "0"})
    services.ask_question(
        asked_by=lyon_coordinator.user,
        city=lyon,
        title="Q",
        body="",
        language="en",
        challenge=housing,
    )
    assert services.send_challenge_digests(timezone.localdate()) == 0


def test_a_city_publishes_a_story_and_the_feed_lists_it(lyon_coordinator, visitor, lyon) -> None:
    response = lyon_coordinator.client().post(
        reverse("practices:story-create"),
        {
            "city": lyon.pk,
            "original_language": "fr",
            "title_fr": "Nos voisins, nos atouts",
            "body_fr": "Une campagne <script>alert(1)</script> de quartier.",
            "is_published": "on",
        },
    )
    story = Story.objects.get()
    assert response.status_code == 302 and story.is_published
    with translation.override("en"):
        page = visitor.client().get(story.get_absolute_url()).content.decode()
    assert "Nos voisins, nos atouts" in page and "has not been written in your language" in page
    assert "<script>alert" not in page
    feed = visitor.client().get(reverse("practices:story-feed")).content.decode()
    assert "Nos voisins, nos atouts" in feed


def test_only_the_secretariat_writes_news(secretariat, lyon_coordinator, visitor) -> None:
    url = reverse("practices:story-create") + "?kind=news"
    assert lyon_coordinator.client().get(url).status_code == 403
    response = secretariat.client().post(
        url,
        {
            "original_language": "en",
            "title_en": "Annual meeting in Lisbon",
            "body_en": "Details.",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    feed = visitor.client().get(reverse("practices:news-feed")).content.decode()
    assert "Annual meeting in Lisbon" in feed


def test_unpublished_stories_are_hidden(oslo_coordinator, lyon) -> None:
    story = services.save_story(
        None,
        saved_by=None,
        kind="story",
        city=lyon,
        texts={"en": {"title": "Draft story", "body": "x"}},
        is_published=False,
    )
    assert oslo_coordinator.client().get(story.get_absolute_url()).status_code == 404


def test_answers_count_for_the_asker(lyon_coordinator, lyon, housing) -> None:
    question = services.ask_question(
        asked_by=lyon_coordinator.user,
        city=lyon,
        title="Q",
        body="",
        language="en",
        challenge=housing,
    )
    services.answer_question(question, author=None, city=None, body="A", language="fr")
    assert Answer.objects.filter(question=question).count() == 1


def test_the_api_lists_published_stories(client, lyon) -> None:
    services.save_story(
        None,
        saved_by=None,
        kind="story",
        city=lyon,
        texts={"fr": {"title": "Publiée", "body": "x"}},
        is_published=True,
    )
    services.save_story(
        None,
        saved_by=None,
        kind="story",
        city=lyon,
        texts={"fr": {"title": "Brouillon", "body": "x"}},
        is_published=False,
    )
    body = client.get("/api/v1/stories", {"kind": "story"}).json()
    assert [item["texts"][0]["title"] for item in body["items"]] == ["Publiée"]
    assert body["items"][0]["city"] == "lyon"
