"""What search knows of a published item: its current version as a ``search.index.Document``.

Publishing keeps the index in step inside its own transactions (``services.steps``); ``gongkai
search rebuild`` reads ``all_documents`` (named in the GONGKAI_SEARCH_SOURCES setting)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Prefetch
from django.urls import reverse

from gongkai.publishing.models import Item, ItemAttachment, ItemVersion
from gongkai.publishing.richtext import plain_text
from gongkai.search.index import Document, index_document, remove_document


def item_url(item: Item) -> str:
    return reverse("portal:item", kwargs={"agency_code": item.agency.code, "pk": item.pk})


def document_for(item: Item, version: ItemVersion) -> Document:
    return Document(
        doc_id=item.pk,
        agency_id=item.agency_id,
        agency_code=item.agency.code,
        category_id=version.category_id,
        year=item.published_on.year,
        issuer=version.issuer,
        title=version.title,
        document_number=version.document_number,
        summary=version.summary,
        body_text=plain_text(version.body),
        attachments_text="\n".join(a.text for a in _texts(version) if a.text),
        published_on=item.published_on,
        url=item_url(item),
    )


def _texts(version: ItemVersion) -> Iterable[ItemAttachment]:
    """The version's attachments with their text only (their content can be megabytes)."""
    # The rebuild prefetches them (with ``only``); a single publication asks here.
    cache = getattr(version, "_prefetched_objects_cache", {})
    if "attachments" in cache:
        return cache["attachments"]
    return version.attachments.only("pk", "text")


def index_item(item: Item) -> None:
    """Put the item's published version in the index (or take it out, if it is not public)."""
    if not item.is_public:
        remove_document(item.pk)
        return
    index_document(document_for(item, item.current_version))


def unindex_item(item: Item) -> None:
    remove_document(item.pk)


def all_documents() -> Iterator[Document]:
    public = (
        Item.objects.filter(current_version__isnull=False, withdrawn_on__isnull=True)
        .select_related("agency", "current_version")
        .prefetch_related(
            Prefetch(
                "current_version__attachments",
                queryset=ItemAttachment.objects.only("pk", "text"),
            )
        )
        .order_by("pk")
    )
    for item in public.iterator(chunk_size=500):
        yield document_for(item, item.current_version)
