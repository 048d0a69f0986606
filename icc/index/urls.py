from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.index import views, views_editions

app_name = "index"
urlpatterns = [
    path(_("index/"), views.home, name="home"),
    path(_("index/editions/"), views_editions.edition_list, name="edition-list"),
    path(_("index/rounds/"), views.round_list, name="round-list"),
    path(_("index/rounds/<int:pk>/"), views.round_detail, name="round-detail"),
    path(_("index/rounds/<int:pk>/reports/"), views.round_reports, name="round-reports"),
    path(_("index/reports/<int:pk>/"), views.report_batch_download, name="report-batch-download"),
    path(
        _("index/rounds/<int:pk>/start/<slug:slug>/"), views.response_start, name="response-start"
    ),
    path(_("index/responses/<int:pk>/"), views.response_detail, name="response-detail"),
    path(_("index/responses/<int:pk>/history/"), views.response_history, name="response-history"),
    path(
        _("index/responses/<int:pk>/areas/<str:area>/"), views.response_area, name="response-area"
    ),
    path(
        _("index/responses/<int:pk>/answers/<str:question>/"), views.answer_save, name="answer-save"
    ),
    path(
        _("index/responses/<int:pk>/answers/<str:question>/file/"),
        views.answer_file,
        name="answer-file",
    ),
    path(
        _("index/responses/<int:pk>/answers/<str:question>/review/"),
        views.answer_review,
        name="answer-review",
    ),
    path(_("index/responses/<int:pk>/<str:step>/"), views.response_step, name="response-step"),
    path(_("index/reviews/<int:pk>/reply/"), views.review_reply, name="review-reply"),
    path(_("index/results/"), views.results_table, name="results"),
    path(_("index/results/<slug:slug>/"), views.city_report, name="city-report"),
]
