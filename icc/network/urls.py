from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.network import views

app_name = "network"
urlpatterns = [
    path("", views.home, name="home"),
    path(_("cities/"), views.city_list, name="city-list"),
    path(_("cities/new/"), views.city_create, name="city-create"),
    path(_("cities/<slug:slug>/"), views.city_detail, name="city-detail"),
    path(_("cities/<slug:slug>/edit/"), views.city_edit, name="city-edit"),
    path(_("national-networks/"), views.national_network_list, name="national-network-list"),
    path(_("national-networks/new/"), views.national_network_create,
         name="national-network-create"),
    path(_("national-networks/<slug:slug>/"), views.national_network_detail,
         name="national-network-detail"),
    path(_("national-networks/<slug:slug>/edit/"), views.national_network_edit,
         name="national-network-edit"),
]
