from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from gongkai.search.index import Document, index_document

AGENCY, OTHER_AGENCY = 1, 2


def document(doc_id: int, **fields: Any) -> Document:
    """A document with plausible values; ``fields`` overrides any of them."""
    values: dict[str, Any] = {
        "doc_id": doc_id,
        "agency_id": AGENCY,
        "agency_code": "hlj-ipo",
        "category_id": 10,
        "year": 2020,
        "issuer": "黑龙江省知识产权局",
        "title": f"公开信息 {doc_id}",
        "document_number": "",
        "summary": "",
        "body_text": "",
        "attachments_text": "",
        "published_on": date(2020, 6, 1),
        "url": f"/items/{doc_id}/",
    }
    values.update(fields)
    return Document(**values)


@pytest.fixture
def indexed(db) -> Callable[..., Document]:
    """Index a document built by ``document(doc_id, **fields)`` and return it."""

    def index(doc_id: int, **fields: Any) -> Document:
        doc = document(doc_id, **fields)
        index_document(doc)
        return doc

    return index
