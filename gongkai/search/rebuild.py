"""Rebuilding the index from the document sources of the setting GONGKAI_SEARCH_SOURCES.

A source is a callable, named by its dotted path, that returns an iterable of Document: the
apps that publish say what is searchable, and search imports none of them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from gongkai.search.index import Document, clear, index_documents

DEFAULT_SOURCES = ["gongkai.publishing.search_documents.all_documents"]

Source = Callable[[], Iterable[Document]]


@dataclass(frozen=True)
class Rebuilt:
    count: int
    seconds: float

    @property
    def rate(self) -> float:
        """Documents indexed per second."""
        return self.count / self.seconds if self.seconds > 0 else 0.0


def sources() -> list[Source]:
    """The callables of GONGKAI_SEARCH_SOURCES; ImproperlyConfigured naming a path that fails."""
    found = []
    for path in getattr(settings, "GONGKAI_SEARCH_SOURCES", DEFAULT_SOURCES):
        try:
            found.append(import_string(path))
        except ImportError as error:
            raise ImproperlyConfigured(
                _("GONGKAI_SEARCH_SOURCES 中的 %(path)s 无法导入：%(error)s")
                % {"path": path, "error": error}
            ) from error
    return found


def rebuild() -> Rebuilt:
    """Empty the index and index every document of every source, in one transaction: a failed
    rebuild leaves the old index as it was, and searches never see a half-built one."""
    loaded = sources()  # before anything is emptied: a bad setting changes nothing
    start = time.perf_counter()
    with transaction.atomic():
        clear()
        count = sum(index_documents(source()) for source in loaded)
    return Rebuilt(count=count, seconds=time.perf_counter() - start)
