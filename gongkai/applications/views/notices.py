"""The notices (告知书) an applicant may download, as the notices app provides them.

The notices app is written separately; until it is installed, the status page lists none.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.applications.models import Application


@dataclass(frozen=True)
class PublicNotice:
    title: str
    served_on: object
    url: str


def public_notices(application: Application) -> list[PublicNotice]:
    return []


def staff_notices(application: Application) -> list[PublicNotice]:
    return []
