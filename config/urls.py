"""Root URL map: the API outside the language prefix, every page inside it."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.static import serve

from config.api import api
from icc.core import views as core_views

urlpatterns = [
    path("api/v1/", api.urls),
    path("healthz", core_views.health, name="health"),
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
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler404 = "icc.core.views.page_not_found"
handler403 = "icc.core.views.permission_denied"
handler500 = "icc.core.views.server_error"
