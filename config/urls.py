"""Root URL map: the API outside the language prefix, every page inside it."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config.api import api
from config.api_docs import api_reference
from icc.core import views as core_views

urlpatterns = [
    path("api/v1/", api.urls),
    path("healthz", core_views.health, name="health"),
    path("readyz", core_views.ready, name="ready"),
    path("metrics", core_views.metrics, name="metrics"),
    # Open data: the files and their descriptors side by side, so resource paths are plain.
    path("open-data/datapackage.json", core_views.open_data_descriptor, name="open-data-package"),
    path(
        "open-data/datapackage.<slug:language>.json",
        core_views.open_data_descriptor,
        name="open-data-package-language",
    ),
    path(
        "open-data/<slug:name>.<str:extension>",
        core_views.open_data_file,
        name="open-data-file",
    ),
    # One address per stored file, in no language: the permission is checked, then sent.
    path("files/<slug:kind>/<int:pk>/<str:name>", core_views.download_file, name="file-download"),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("icc.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("icc.network.urls")),
    path("", include("icc.commitment.urls")),
    path("", include("icc.index.urls")),
    path("", include("icc.practices.urls")),
    path("", include("icc.connections.urls")),
    path("", include("icc.events.urls")),
    path("", include("icc.learning.urls")),
    path("", include("icc.governance.urls")),
    path("", include("icc.antirumours.urls")),
    path("", include("icc.barometer.urls")),
    path("", include("icc.certification.urls")),
    path("", include("icc.policylab.urls")),
    path("", include("icc.core.urls")),
    # The API's reference, made from its OpenAPI schema (decision 0037).
    path(_("api/"), api_reference, name="api-reference"),
    prefix_default_language=True,
)

handler404 = "icc.core.views.page_not_found"
handler403 = "icc.core.views.permission_denied"
handler500 = "icc.core.views.server_error"
