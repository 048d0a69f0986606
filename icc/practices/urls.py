from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.practices import views, views_network

app_name = "practices"
urlpatterns = [
    path(_("practices/"), views.practice_list, name="practice-list"),
    path(_("practices/new/"), views.practice_create, name="practice-create"),
    path(_("practices/mine/"), views.workspace, name="workspace"),
    path(_("practices/challenges/"), views.challenge_list, name="challenge-list"),
    path(_("practices/feed/"), views.PracticeFeed(), name="practice-feed"),
    path(_("practices/<slug:slug>/"), views.practice_detail, name="practice-detail"),
    path(_("practices/<slug:slug>/edit/"), views.practice_edit, name="practice-edit"),
    path(_("practices/<slug:slug>/submit/"), views.practice_submit, name="practice-submit"),
    path(_("practices/<slug:slug>/publish/"), views.practice_publish, name="practice-publish"),
    path(_("practices/<slug:slug>/send-back/"), views.practice_reject, name="practice-reject"),
    path(_("practices/<slug:slug>/delete/"), views.practice_delete, name="practice-delete"),
    path(_("practices/<slug:slug>/history/"), views.practice_history, name="practice-history"),
    path(_("practices/<slug:slug>/changes/"), views.practice_changes, name="practice-changes"),
    path(_("practices/<slug:slug>/files/new/"), views.attachment_add, name="attachment-add"),
    path(
        _("practices/<slug:slug>/files/<int:pk>/delete/"),
        views.attachment_delete,
        name="attachment-delete",
    ),
    path(_("questions/"), views_network.question_list, name="question-list"),
    path(_("questions/new/"), views_network.question_create, name="question-create"),
    path(_("questions/<int:pk>/"), views_network.question_detail, name="question-detail"),
    path(_("answers/<int:pk>/helpful/"), views_network.answer_helpful, name="answer-helpful"),
    path(
        _("challenges/<slug:slug>/follow/"), views_network.challenge_follow, name="challenge-follow"
    ),
    path(_("stories/"), views_network.story_list, name="story-list"),
    path(_("stories/new/"), views_network.story_create, name="story-create"),
    path(_("stories/feed/"), views_network.StoryFeed(), name="story-feed"),
    path(_("news/feed/"), views_network.NewsFeed(), name="news-feed"),
    path(_("stories/<slug:slug>/"), views_network.story_detail, name="story-detail"),
    path(_("stories/<slug:slug>/edit/"), views_network.story_edit, name="story-edit"),
]
