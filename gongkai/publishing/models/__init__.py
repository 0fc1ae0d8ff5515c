from gongkai.publishing.models.catalogue import Category
from gongkai.publishing.models.event import EventKind, ItemEvent
from gongkai.publishing.models.inputs import Table2Input
from gongkai.publishing.models.item import (
    IndexSequence,
    Item,
    ItemAttachment,
    ItemContent,
    ItemVersion,
    Kind,
    State,
    Validity,
)

__all__ = [
    "Category",
    "EventKind",
    "IndexSequence",
    "Item",
    "ItemAttachment",
    "ItemContent",
    "ItemEvent",
    "ItemVersion",
    "Kind",
    "State",
    "Table2Input",
    "Validity",
]
