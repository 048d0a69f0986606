from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.antirumours import views, views_catalogue, views_surveys

app_name = "antirumours"
urlpatterns = [
    path(_("anti-rumours/"), views.home, name="home"),
    path(_("anti-rumours/cities/<slug:slug>/"), views.strategy_detail, name="strategy"),
    path(_("anti-rumours/cities/<slug:slug>/start/"), views.strategy_start, name="strategy-start"),
    path(_("anti-rumours/cities/<slug:slug>/edit/"), views.strategy_edit, name="strategy-edit"),
    path(
        _("anti-rumours/cities/<slug:slug>/rumours/new/"),
        views.city_rumour_add,
        name="city-rumour-add",
    ),
    path(
        _("anti-rumours/cities/<slug:slug>/organisations/new/"),
        views.organisation_add,
        name="organisation-add",
    ),
    path(_("anti-rumours/cities/<slug:slug>/modules/new/"), views.module_add, name="module-add"),
    path(_("anti-rumours/cities/<slug:slug>/agents/new/"), views.agent_add, name="agent-add"),
    path(
        _("anti-rumours/cities/<slug:slug>/agents/<int:pk>/certificate/"),
        views.certificate,
        name="certificate",
    ),
    path(_("anti-rumours/cities/<slug:slug>/sessions/new/"), views.session_add, name="session-add"),
    path(
        _("anti-rumours/cities/<slug:slug>/campaigns/new/"), views.campaign_add, name="campaign-add"
    ),
    path(_("anti-rumours/campaigns/<int:pk>/"), views.campaign_detail, name="campaign"),
    path(
        _("anti-rumours/cities/<slug:slug>/surveys/new/"),
        views_surveys.survey_add,
        name="survey-add",
    ),
    path(_("anti-rumours/surveys/<int:pk>/"), views_surveys.survey_detail, name="survey"),
    path(_("anti-rumours/surveys/<int:pk>/waves/new/"), views_surveys.wave_add, name="wave-add"),
    path(_("anti-rumours/surveys/<int:pk>/items/new/"), views_surveys.item_add, name="item-add"),
    path(_("anti-rumours/items/<int:pk>/edit/"), views_surveys.item_edit, name="item-edit"),
    path(_("anti-rumours/items/<int:pk>/remove/"), views_surveys.item_remove, name="item-remove"),
    path(_("anti-rumours/surveys/<int:pk>/results/"), views_surveys.results, name="results"),
    path(_("anti-rumours/waves/<int:pk>/"), views_surveys.wave_detail, name="wave"),
    path(_("anti-rumours/waves/<int:pk>/paper/"), views_surveys.paper_entry, name="paper-entry"),
    path(
        _("anti-rumours/waves/<int:pk>/import/"),
        views_surveys.answers_import,
        name="answers-import",
    ),
    path(_("anti-rumours/catalogue/"), views_catalogue.catalogue, name="catalogue"),
    path(_("anti-rumours/catalogue/new/"), views_catalogue.rumour_add, name="rumour-add"),
    path(_("anti-rumours/catalogue/themes/new/"), views_catalogue.theme_add, name="theme-add"),
    path(_("anti-rumours/catalogue/<int:pk>/"), views_catalogue.rumour_detail, name="rumour"),
    path(
        _("anti-rumours/catalogue/<int:pk>/edit/"), views_catalogue.rumour_edit, name="rumour-edit"
    ),
    path(
        _("anti-rumours/catalogue/<int:pk>/counter-arguments/new/"),
        views_catalogue.counter_add,
        name="counter-add",
    ),
    path(
        _("anti-rumours/catalogue/<int:pk>/decide/"),
        views_catalogue.rumour_decide,
        name="rumour-decide",
    ),
    path(_("rumours-and-facts/"), views_catalogue.public_list, name="public-list"),
    path(_("rumours-and-facts/<int:pk>/"), views_catalogue.public_detail, name="public-detail"),
    path(
        _("rumours-and-facts/cities/<slug:slug>/"), views_catalogue.public_city, name="public-city"
    ),
    path(_("rumours-and-facts/feed/"), views_catalogue.RumourFeed(), name="feed"),
    path(_("survey/<str:key>/"), views_catalogue.answer, name="answer"),
]
