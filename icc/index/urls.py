from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.index.views import editions, responses, results, rounds

app_name = "index"
urlpatterns = [
    path(_("index/"), responses.home, name="home"),
    path(_("index/editions/"), editions.edition_list, name="edition-list"),
    path(_("index/rounds/"), rounds.round_list, name="round-list"),
    path(_("index/rounds/<int:pk>/"), rounds.round_detail, name="round-detail"),
    path(_("index/rounds/<int:pk>/reports/"), rounds.round_reports, name="round-reports"),
    path(_("index/rounds/<int:pk>/publish/"), rounds.round_publish, name="round-publish"),
    path(_("index/reports/<int:pk>/"), rounds.report_batch_download, name="report-batch-download"),
    path(
        _("index/rounds/<int:pk>/start/<slug:slug>/"),
        responses.response_start,
        name="response-start",
    ),
    path(_("index/responses/<int:pk>/"), responses.response_detail, name="response-detail"),
    path(
        _("index/responses/<int:pk>/history/"), responses.response_history, name="response-history"
    ),
    path(
        _("index/responses/<int:pk>/areas/<str:area>/"),
        responses.response_area,
        name="response-area",
    ),
    path(
        _("index/responses/<int:pk>/answers/<str:question>/"),
        responses.answer_save,
        name="answer-save",
    ),
    path(
        _("index/responses/<int:pk>/answers/<str:question>/file/"),
        responses.answer_file,
        name="answer-file",
    ),
    path(
        _("index/responses/<int:pk>/answers/<str:question>/review/"),
        responses.answer_review,
        name="answer-review",
    ),
    path(_("index/responses/<int:pk>/<str:step>/"), responses.response_step, name="response-step"),
    path(_("index/reviews/<int:pk>/reply/"), responses.review_reply, name="review-reply"),
    path(_("index/results/"), results.results_table, name="results"),
    path(_("index/results/<slug:slug>/"), results.city_report, name="city-report"),
]
