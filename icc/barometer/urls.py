from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.barometer import views

app_name = "barometer"
urlpatterns = [
    path(_("barometer/"), views.home, name="home"),
    path(_("barometer/rounds/new/"), views.round_create, name="round-create"),
    path(_("barometer/rounds/<int:pk>/"), views.round_detail, name="round"),
    path(_("barometer/rounds/<int:pk>/edit/"), views.round_edit, name="round-edit"),
    path(_("barometer/rounds/<int:pk>/publish/"), views.round_publish, name="round-publish"),
    path(_("barometer/rounds/<int:pk>/figures.csv"), views.round_export, name="round-export"),
    path(_("barometer/rounds/<int:pk>/shared/"), views.shared_reports, name="shared-reports"),
    path(_("barometer/shared/<int:pk>/"), views.shared_report, name="shared-report"),
    path(_("barometer/rounds/<int:pk>/cities/<slug:slug>/"), views.city_detail, name="city"),
    path(_("barometer/rounds/<int:pk>/cities/<slug:slug>/invite/"), views.invite, name="invite"),
    path(
        _("barometer/rounds/<int:pk>/cities/<slug:slug>/import/"),
        views.import_invitations,
        name="import",
    ),
    path(_("barometer/rounds/<int:pk>/cities/<slug:slug>/remind/"), views.remind, name="remind"),
    path(_("barometer/r/<str:token>/"), views.answer, name="answer"),
    path(_("barometer/r/<str:token>/save/"), views.save, name="save"),
    path(_("barometer/r/<str:token>/report/"), views.report, name="report"),
    path(_("barometer/r/<str:token>/answers.csv"), views.answers_download, name="answers-download"),
    path(_("barometer/r/<str:token>/delete/"), views.erase, name="erase"),
    path(_("barometer/r/<str:token>/share/"), views.share, name="share"),
]
