"""Every write about the resource library. Each creation or edit writes a new ``ResourceVersion`` and raises the
resource's version number under a row lock; uploads are checked (type by extension and content, size)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.organisations.search_text import normalise

from ..locks import resource_lock
from ..models import Resource, ResourceVersion, ResourceVisibility
from . import policies

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.organisations.models import Organisation
    from accueil.territories.models import City

MAX_FILE_BYTES = 10 * 1024 * 1024
# Extension → accepted first bytes. OpenDocument and Word files are zip archives.
FILE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "odt": (b"PK\x03\x04",),
    "docx": (b"PK\x03\x04",),
}
RESOURCE_CREATED = "participation.resource_created"
RESOURCE_UPDATED = "participation.resource_updated"
TAGS_MAX = 12


def validate_upload(upload: UploadedFile) -> None:
    """Refuse files other than PDF, ODT, DOCX, PNG and JPEG, and files over 10 MB."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in FILE_SIGNATURES:
        raise ValidationError({"file": [_("Only PDF, ODT, DOCX, PNG and JPEG files are accepted.")]})
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        raise ValidationError({"file": [_("The file is too large: 10 MB at most.")]})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in FILE_SIGNATURES[extension]):
        raise ValidationError({"file": [_("The file's content does not match its type.")]})


def clean_tags(tags: str) -> str:
    seen: list[str] = []
    for tag in tags.split(","):
        tag = " ".join(tag.split())[:40]
        if tag and tag.casefold() not in {t.casefold() for t in seen}:
            seen.append(tag)
    return ", ".join(seen[:TAGS_MAX])


def _search_text(resource: Resource) -> str:
    return normalise(f"{resource.title} {resource.summary} {resource.tags} {resource.body}")


def _write_version(resource: Resource, acting_user: User, note: str) -> ResourceVersion:
    version = ResourceVersion(
        city=resource.city,
        resource=resource,
        number=resource.version,
        title=resource.title,
        summary=resource.summary,
        body=resource.body,
        file=resource.file.name if resource.file else "",
        file_name=resource.file_name,
        tags=resource.tags,
        note=note[:300],
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    version.full_clean()
    version.save()
    return version


def _check_content(*, body: str, has_file: bool) -> None:
    if not body.strip() and not has_file:
        raise ValidationError(_("Write a text or attach a file (or both)."))


@transaction.atomic
def resource_create(
    *,
    city: City,
    acting_user: User,
    title: str,
    summary: str = "",
    body: str = "",
    upload: UploadedFile | None = None,
    organisation: Organisation | None = None,
    visibility: str = ResourceVisibility.MEMBERS,
    tags: str = "",
    is_demo: bool = False,
) -> Resource:
    if not policies.can_share_for(acting_user, city=city, organisation=organisation):
        raise PermissionDenied
    _check_content(body=body, has_file=upload is not None)
    if upload is not None:
        validate_upload(upload)
    resource = Resource(
        city=city,
        organisation=organisation,
        title=title.strip(),
        summary=summary.strip(),
        body=body.strip(),
        visibility=visibility,
        tags=clean_tags(tags),
        created_by=acting_user,
        is_demo=is_demo,
    )
    if upload is not None:
        resource.file_name = (upload.name or "")[-200:]
    resource.search_text = _search_text(resource)
    resource.full_clean(exclude=["file"])
    if upload is not None:
        resource.file.save(cast(str, upload.name), upload, save=False)  # an uploaded file has a name
    resource.save()
    _write_version(resource, acting_user, _("First version"))
    audit_record(action=RESOURCE_CREATED, actor=acting_user, city=city, target=resource)
    return resource


@transaction.atomic
def resource_update(
    *,
    resource: Resource,
    acting_user: User,
    title: str,
    summary: str = "",
    body: str = "",
    upload: UploadedFile | None = None,
    remove_file: bool = False,
    visibility: str = ResourceVisibility.MEMBERS,
    tags: str = "",
    note: str = "",
) -> Resource:
    """A new version: text edits, a new upload (replacing the file) or the file's removal. Earlier versions keep
    their own file."""
    if not policies.can_edit_resource(acting_user, resource):
        raise PermissionDenied
    resource = resource_lock(resource.pk)
    if upload is not None:
        validate_upload(upload)
    keeps_file = upload is not None or (bool(resource.file) and not remove_file)
    _check_content(body=body, has_file=keeps_file)
    resource.title, resource.summary, resource.body = title.strip(), summary.strip(), body.strip()
    resource.visibility, resource.tags = visibility, clean_tags(tags)
    resource.version += 1
    if remove_file and upload is None:
        resource.file, resource.file_name = "", ""
    resource.search_text = _search_text(resource)
    if upload is not None:
        resource.file_name = (upload.name or "")[-200:]
    resource.full_clean(exclude=["file"])
    if upload is not None:
        resource.file.save(cast(str, upload.name), upload, save=False)  # an uploaded file has a name
    resource.save()
    _write_version(resource, acting_user, note)
    audit_record(
        action=RESOURCE_UPDATED,
        actor=acting_user,
        city=resource.city,
        target=resource,
        data={"version": resource.version},
    )
    return resource
