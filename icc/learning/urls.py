from django.urls import path
from django.utils.translation import gettext_lazy as _

from icc.learning import views, views_authoring, views_kit, views_library, views_progress

app_name = "learning"
urlpatterns = [
    path(_("learning/"), views.course_list, name="course-list"),
    path(_("learning/new/"), views_authoring.course_create, name="course-create"),
    path(_("learning/cities/<slug:city>/"), views_progress.city_progress, name="city-progress"),
    path(_("learning/kit/<slug:city>/"), views_kit.city_kit, name="city-kit"),
    path(
        _("learning/kit/<slug:city>/factsheet.pdf"), views_kit.city_factsheet, name="city-factsheet"
    ),
    path(_("learning/kit/<slug:city>/card.png"), views_kit.city_card, name="city-card"),
    path(_("learning/library/"), views_library.resource_list, name="resource-list"),
    path(_("learning/library/new/"), views_library.resource_create, name="resource-create"),
    path(_("learning/library/<slug:slug>/"), views_library.resource_detail, name="resource-detail"),
    path(
        _("learning/library/<slug:slug>/new-version/"),
        views_library.resource_version,
        name="resource-version",
    ),
    path(_("learning/<slug:slug>/"), views.course_detail, name="course-detail"),
    path(_("learning/<slug:slug>/start/"), views.course_start, name="course-start"),
    path(_("learning/<slug:slug>/lessons/<slug:key>/"), views.lesson_detail, name="lesson-detail"),
    path(_("learning/<slug:slug>/lessons/<slug:key>/done/"), views.lesson_done, name="lesson-done"),
    path(
        _("learning/<slug:slug>/certificate/"),
        views.certificate_download,
        name="certificate-download",
    ),
    path(_("learning/<slug:slug>/edit/"), views_authoring.course_edit, name="course-edit"),
    path(_("learning/<slug:slug>/publish/"), views_authoring.course_publish, name="course-publish"),
    path(
        _("learning/<slug:slug>/versions/"), views_authoring.course_versions, name="course-versions"
    ),
    path(_("learning/<slug:slug>/modules/new/"), views_authoring.module_form, name="module-create"),
    path(
        _("learning/<slug:slug>/modules/<int:pk>/edit/"),
        views_authoring.module_form,
        name="module-edit",
    ),
    path(
        _("learning/<slug:slug>/modules/<int:pk>/lessons/new/"),
        views_authoring.lesson_create,
        name="lesson-create",
    ),
    path(
        _("learning/<slug:slug>/drafts/<int:pk>/edit/"),
        views_authoring.lesson_edit,
        name="lesson-edit",
    ),
    path(
        _("learning/<slug:slug>/drafts/<int:pk>/questions/new/"),
        views_authoring.question_form,
        name="question-create",
    ),
    path(
        _("learning/<slug:slug>/drafts/<int:pk>/questions/<int:question_pk>/edit/"),
        views_authoring.question_form,
        name="question-edit",
    ),
    path(
        _("learning/<slug:slug>/drafts/<int:pk>/files/new/"),
        views_authoring.lesson_file_upload,
        name="file-create",
    ),
    path(
        _("learning/<slug:slug>/drafts/<int:pk>/files/<int:file_pk>/remove/"),
        views_authoring.lesson_file_remove,
        name="file-remove",
    ),
    path(
        _("learning/<slug:slug>/enrolments/"),
        views_authoring.enrolment_create,
        name="enrolment-create",
    ),
    path(
        _("learning/<slug:slug>/reminders/"), views_authoring.reminders_send, name="reminders-send"
    ),
    path(_("learning/<slug:slug>/cohort/"), views_progress.cohort, name="cohort"),
    path(
        _("learning/<slug:slug>/parts/<slug:kind>/<int:pk>/move/"),
        views_authoring.part_move,
        name="part-move",
    ),
    path(
        _("learning/<slug:slug>/parts/<slug:kind>/<int:pk>/remove/"),
        views_authoring.part_delete,
        name="part-delete",
    ),
    path(
        _("learning/<slug:slug>/certificates/<slug:code>/revoke/"),
        views_authoring.certificate_revoke,
        name="certificate-revoke",
    ),
    path(_("learning/<slug:slug>/cohort.csv"), views_progress.cohort_csv, name="cohort-csv"),
    path(_("certificates/<slug:code>/"), views.certificate_verify, name="certificate-verify"),
]
