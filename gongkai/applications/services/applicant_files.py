"""The applicant's own files (Art. 29): proof of identity and an authorisation letter, stored with
the online submission they came with; and the files of information given with a served reply,
as the applicant may see them."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.db.models import QuerySet

from gongkai.applications.models import Application, ApplicationFile, FilePurpose
from gongkai.core.stored_files import extension_of, stored_put
from gongkai.documents.media import CheckedFile

APPLICANT_PURPOSES = (FilePurpose.IDENTITY_PROOF, FilePurpose.AUTHORISATION)


def applicant_files_store(
    *, application: Application, files: Mapping[str, CheckedFile]
) -> list[ApplicationFile]:
    """Store the checked files by purpose, uploaded by no one (the applicant, online).

    Idempotent per submission: an application that already has the applicant's files (the same
    form sent twice returns the first application) gets none again.
    """
    unknown = set(files) - set(APPLICANT_PURPOSES)
    if unknown:
        raise ValueError(f"not an applicant's file purpose: {sorted(unknown)}")
    with transaction.atomic():
        already = ApplicationFile.objects.filter(
            application=application, purpose__in=APPLICANT_PURPOSES, uploaded_by=None
        )
        if not files or already.exists():
            return []
        return [
            ApplicationFile.objects.create(
                application=application,
                purpose=purpose,
                name=checked.name,
                media_type=checked.media_type,
                size=checked.size,
                file=stored_put(
                    "applications", checked.content, extension=extension_of(checked.name)
                ),
                sha256=checked.sha256,
                uploaded_by=None,
            )
            for purpose in APPLICANT_PURPOSES
            if (checked := files.get(purpose)) is not None
        ]


def application_files_listed(application: Application) -> QuerySet[ApplicationFile]:
    """Every file of an application, without its content (for lists)."""
    return application.files.order_by("uploaded_at", "pk")


def information_files_for_applicant(application: Application) -> QuerySet[ApplicationFile]:
    """The files of information given with the served reply: the applicant's to download."""
    return application_files_listed(application).filter(
        purpose=FilePurpose.INFORMATION, event__kind="serve"
    )


def submitted_files_for_applicant(application: Application) -> QuerySet[ApplicationFile]:
    """What the applicant attached to the online form (shown by name only)."""
    return application_files_listed(application).filter(
        purpose__in=APPLICANT_PURPOSES, uploaded_by=None
    )
