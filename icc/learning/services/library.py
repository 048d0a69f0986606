"""Every write to the resource library: resources, their versions and files, download counts."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from icc.core.activity import record_activity
from icc.core.page_cache import invalidate_public_pages_on_commit
from icc.core.uploads import ALL_TYPES, check_upload
from icc.learning.library import RESOURCE_DOCUMENTS, resource_documents
from icc.learning.models import LANGUAGES, Resource, ResourceDownload, ResourceFile, ResourceVersion
from icc.learning.services.authoring import SCOPE, clean_texts
from icc.network.permissions import get_own_cities
from icc.practices.selectors import index_search_documents

TEXT_FIELDS = ("title", "summary", "body")


def index_resource_texts(rows: Sequence[tuple[int, Mapping[str, Any]]]) -> None:
    """Keep the current texts ``(resource id, texts)`` in the library's search tables.

    The tables are the practices' engine's (decision 0059); called inside the transaction
    that publishes the version, so what is found is what is current.
    """
    index_search_documents(RESOURCE_DOCUMENTS, resource_documents(rows))


def _index(resource: Resource, texts: Mapping[str, Mapping[str, str]]) -> None:
    index_resource_texts([(resource.pk, texts)])


@transaction.atomic
def create_resource(
    *,
    created_by: Any,
    slug: str,
    category: str,
    audience: str,
    kind: str,
    visibility: str,
    texts: Mapping[str, Mapping[str, str]],
    uploads: Sequence[tuple[str, UploadedFile]] = (),
) -> Resource:
    """Add a resource with its first version (texts in English and French, files for a pack)."""
    resource = Resource(
        slug=slug, category=category, audience=audience, kind=kind, visibility=visibility
    )
    resource.full_clean()
    resource.save()
    add_version(resource, created_by=created_by, texts=texts, uploads=uploads, note="")
    resource.refresh_from_db()
    record_activity(created_by, "resource.created", resource, changes={"slug": (None, slug)})
    return resource


@transaction.atomic
def add_version(
    resource: Resource,
    *,
    created_by: Any,
    texts: Mapping[str, Mapping[str, str]],
    note: str,
    uploads: Sequence[tuple[str, UploadedFile]] = (),
    keep_files: bool = True,
) -> ResourceVersion:
    """Add a new version: new texts, the previous files kept (unless not wanted) plus new ones.

    ``uploads`` are ``(language or "", file)``; each is checked by its content. Raises
    ``ValidationError`` (nothing saved) when a title is missing in a language, a pack ends
    with no file, or a file is not what it claims or too large.
    """
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    cleaned = clean_texts(texts, TEXT_FIELDS)
    for language in LANGUAGES:
        if not (cleaned.get(language) or {}).get("title"):
            raise ValidationError(_("Give the resource a title in English and in French."))
    checked = [
        (language, upload, check_upload(upload, types=ALL_TYPES)) for language, upload in uploads
    ]
    previous = resource.current
    number = (resource.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = ResourceVersion.objects.create(
        resource=resource,
        number=number,
        texts=cleaned,
        note=note.strip()[:300],
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
    )
    if previous is not None and keep_files:
        for old in previous.files.all():
            ResourceFile.objects.create(
                version=version,
                language=old.language,
                file=old.file.name,
                name=old.name,
                content_type=old.content_type,
                size=old.size,
            )
    for language, upload, file_type in checked:
        ResourceFile.objects.create(
            version=version,
            language=language if language in LANGUAGES else "",
            file=upload,
            name=(upload.name or "file")[:200],
            content_type=file_type.content_type,
            size=upload.size or 0,
        )
    if resource.kind == Resource.Kind.PACK and not version.files.exists():
        raise ValidationError(_("A pack needs at least one file."))
    resource.current = version
    _index(resource, cleaned)
    resource.save(update_fields=["current"])
    record_activity(
        created_by,
        "resource.version_added",
        resource,
        changes={"version": (previous and previous.number, number)},
    )
    invalidate_public_pages_on_commit(SCOPE)
    return version


def count_file_download(user: Any, row: ResourceFile) -> None:
    """Count one download of a library file for the person's city (``core.downloads`` hook).

    A person of several cities counts for the first of them, so a download is
    counted once; visitors and people of no city count under no city.
    """
    cities = get_own_cities(user)
    count_download(row.version.resource, city=cities[0] if cities else None)


def count_download(resource: Resource, *, city: Any) -> None:
    """Add one download of the resource for ``city`` (None: visitors and people of no city)."""
    updated = ResourceDownload.objects.filter(resource=resource, city=city).update(
        count=F("count") + 1
    )
    if updated:
        return
    try:
        with transaction.atomic():
            ResourceDownload.objects.create(resource=resource, city=city, count=1)
    except IntegrityError:  # created meanwhile by another download
        ResourceDownload.objects.filter(resource=resource, city=city).update(count=F("count") + 1)
