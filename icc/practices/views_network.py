"""Pages of questions to the network, city stories, network news and their feeds."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from icc.accounts.requests import SignedInRequest
from icc.core.markup import plain_text, render_markdown
from icc.core.page_cache import cache_public_page
from icc.core.pdf import offers_pdf
from icc.core.site import absolute_url
from icc.practices import permissions, services
from icc.practices.areas import area_codes, area_name
from icc.practices.forms import AnswerForm, QuestionForm, StoryForm
from icc.practices.models import Answer, Challenge, ChallengeFollow, Question, Story

PAGE_SIZE = 20


def _require_member(request: HttpRequest) -> None:
    if not permissions.can_take_part_in_questions(request.user):
        raise PermissionDenied


@login_required
def question_list(request: SignedInRequest) -> HttpResponse:
    """List the questions to the network, by challenge or Index area, newest first."""
    _require_member(request)
    questions = Question.objects.select_related("city", "challenge").order_by("-created_at")
    challenge_slug, area = request.GET.get("challenge", ""), request.GET.get("area", "")
    if challenge_slug:
        questions = questions.filter(challenge__slug=challenge_slug)
    if area in area_codes():
        questions = questions.filter(area=area)
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
    followed = set(
        ChallengeFollow.objects.filter(user=request.user).values_list("challenge_id", flat=True)
    )
    context = {
        "page": page,
        "rows": [
            (question, area_name(question.area) if question.area else "")
            for question in page.object_list
        ],
        "challenges": [
            (challenge, challenge.pk in followed)
            for challenge in Challenge.objects.filter(is_active=True)
        ],
        "query": f"challenge={challenge_slug}" if challenge_slug else "",
    }
    return render(request, "practices/question_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest) -> HttpResponse:
    """Ask the network a question."""
    _require_member(request)
    cities = permissions.get_question_cities(request.user)
    form = QuestionForm(
        request.POST or None,
        cities=cities,
        initial={"language": get_language()[:2], "city": cities.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        question = services.ask_question(
            asked_by=request.user,
            city=data["city"],
            title=data["title"],
            body=data["body"],
            language=data["language"],
            challenge=data["challenge"],
            area=data["area"],
        )
        messages.success(request, _("Your question is sent to the network."))
        return redirect(question)
    return render(request, "practices/question_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a question with its answers; members answer it here."""
    _require_member(request)
    question = get_object_or_404(Question.objects.select_related("city", "challenge"), pk=pk)
    form = AnswerForm(request.POST or None, initial={"language": get_language()[:2]})
    if request.method == "POST" and form.is_valid():
        city = permissions.get_question_cities(request.user).first()
        services.answer_question(
            question,
            author=request.user,
            city=city,
            body=form.cleaned_data["body"],
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Your answer is added."))
        return redirect(question)
    answers = question.answers.select_related("city", "author")
    context = {
        "question": question,
        "body": render_markdown(question.body),
        "area": area_name(question.area) if question.area else "",
        "answers": [(answer, render_markdown(answer.body)) for answer in answers],
        "form": form,
        "can_mark": permissions.can_mark_helpful(request.user, question),
    }
    return render(request, "practices/question_detail.html", context)


@login_required
@require_POST
def answer_helpful(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark or unmark an answer as helpful (the asker)."""
    answer = get_object_or_404(Answer.objects.select_related("question"), pk=pk)
    if not permissions.can_mark_helpful(request.user, answer.question):
        raise PermissionDenied
    services.mark_answer_helpful(
        answer, marked_by=request.user, is_helpful=request.POST.get("helpful", "1") == "1"
    )
    return redirect(answer.question)


@login_required
@require_POST
def challenge_follow(request: HttpRequest, slug: str) -> HttpResponse:
    """Start or stop following a challenge's questions."""
    _require_member(request)
    challenge = get_object_or_404(Challenge, slug=slug)
    follow = request.POST.get("follow", "1") == "1"
    services.follow_challenge(challenge, user=request.user, follow=follow)
    messages.success(
        request,
        _("You follow %(challenge)s.") % {"challenge": challenge}
        if follow
        else _("You no longer follow %(challenge)s.") % {"challenge": challenge},
    )
    return redirect("practices:question-list")


@cache_public_page(scopes=["practices"])
@offers_pdf
def story_list(request: HttpRequest) -> HttpResponse:
    """List the published city stories and network news."""
    kind = request.GET.get("kind", "")
    stories = (
        Story.objects.filter(is_published=True)
        .select_related("city")
        .prefetch_related("translations")
    )
    if kind in Story.Kind.values:
        stories = stories.filter(kind=kind)
    page = Paginator(stories, PAGE_SIZE).get_page(request.GET.get("page"))
    user = request.user
    context = {
        "page": page,
        "kind": kind,
        "query": f"kind={kind}" if kind else "",
        "rows": [(story, story.text()) for story in page.object_list],
        "can_write": permissions.can_write_news(user)
        or permissions.get_owner_cities(user).exists(),
    }
    return render(request, "practices/story_list.html", context)


@cache_public_page(scopes=["practices"], query=())
@offers_pdf
def story_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a story or a piece of news, in the reader's language or the other with a notice."""
    story = permissions.get_story_for_view(request.user, slug)
    text = story.text()
    context = {
        "story": story,
        "text": text,
        "body": render_markdown(text.body if text else ""),
        "is_other_language": text is not None and text.language != get_language()[:2],
        "can_edit": permissions.can_edit_story(request.user, story),
        "share_url": absolute_url(story.get_absolute_url()),
    }
    return render(request, "practices/story_detail.html", context)


def _story_form(request: HttpRequest, story: Story | None) -> HttpResponse:
    user = request.user
    kind = story.kind if story else request.GET.get("kind", Story.Kind.STORY)
    if kind == Story.Kind.NEWS and not permissions.can_write_news(user):
        raise PermissionDenied
    cities = permissions.get_owner_cities(user)
    if kind == Story.Kind.STORY and not cities.exists():
        raise PermissionDenied
    initial: dict[str, Any] = {
        "original_language": get_language()[:2],
        "city": cities.first() if cities.count() == 1 else None,
    }
    if story:
        initial = {
            "city": story.city,
            "original_language": story.original_language,
            "is_published": story.is_published,
        }
        for text in story.translations.all():
            initial |= {f"title_{text.language}": text.title, f"body_{text.language}": text.body}
    form = StoryForm(
        request.POST or None, initial=initial, cities=cities, needs_city=kind == Story.Kind.STORY
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        story = services.save_story(
            story,
            saved_by=user,
            kind=kind,
            city=data.get("city"),
            texts=form.texts(),
            is_published=data["is_published"],
            original_language=data["original_language"],
        )
        messages.success(request, _("The story is saved."))
        return redirect(story)
    return render(
        request, "practices/story_form.html", {"form": form, "story": story, "kind": kind}
    )


@login_required
@require_http_methods(["GET", "POST"])
def story_create(request: HttpRequest) -> HttpResponse:
    """Write a city story (its people) or network news (?kind=news, the secretariat)."""
    return _story_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def story_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Change a story or a piece of news."""
    story = permissions.get_story_for_view(request.user, slug)
    if not permissions.can_edit_story(request.user, story):
        raise PermissionDenied
    return _story_form(request, story)


class StoryFeed(Feed):
    """The newest published city stories, as an Atom feed."""

    feed_type = Atom1Feed
    kind = Story.Kind.STORY
    title = gettext_lazy("Intercultural Cities: city stories")
    subtitle = gettext_lazy("What worked for the cities of the network, in their words.")

    def link(self) -> str:
        return reverse("practices:story-list") + f"?kind={self.kind}"

    def items(self) -> Any:
        return (
            Story.objects.filter(is_published=True, kind=self.kind)
            .prefetch_related("translations")
            .order_by("-published_at")[:30]
        )

    def item_title(self, item: Story) -> str:
        return str(item)

    def item_description(self, item: Story) -> str:
        text = item.text()
        return plain_text(text.body)[:500] if text else ""

    def item_pubdate(self, item: Story) -> Any:
        return item.published_at


class NewsFeed(StoryFeed):
    """The network news of the secretariat, as an Atom feed."""

    kind = Story.Kind.NEWS
    title = gettext_lazy("Intercultural Cities: network news")
    subtitle = gettext_lazy("News of the network from the secretariat.")
