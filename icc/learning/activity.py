from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "course.created": _("created the course"),
    "course.updated": _("changed the course"),
    "course.module_added": _("added a module"),
    "course.module_changed": _("changed a module"),
    "course.lesson_added": _("added a lesson"),
    "course.lesson_changed": _("changed a lesson"),
    "course.question_added": _("added a question"),
    "course.question_changed": _("changed a question"),
    "course.part_removed": _("removed part of the course"),
    "course.file_added": _("added a file to a lesson"),
    "course.file_removed": _("removed a file from a lesson"),
    "course.published": _("published a new version of the course"),
    "enrolment.created": _("enrolled a person"),
    "enrolment.due_changed": _("changed the due date"),
    "enrolment.completed": _("completed the course"),
    "certificate.issued": _("received the certificate"),
    "certificate.revoked": _("revoked the certificate"),
    "kit.messages_changed": _("changed the key messages of the communication kit"),
    "resource.created": _("added a resource to the library"),
    "resource.version_added": _("added a version of the resource"),
}
