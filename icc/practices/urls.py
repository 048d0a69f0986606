from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.practices import views

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
    path(_("practices/<slug:slug>/files/new/"), views.attachment_add, name="attachment-add"),
    path(
        _("practices/<slug:slug>/files/<int:pk>/delete/"),
        views.attachment_delete,
        name="attachment-delete",
    ),
]
