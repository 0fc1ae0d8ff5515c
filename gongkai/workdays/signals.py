"""``calendar_changed``: sent after any change to the holiday table.

Sent once per change (an import, an admin edit, a deleted year), inside the same transaction, with
``years`` = the set of years whose working days may have changed. The applications app listens to
mark those years; its ``recompute_deadlines`` command (and ``remind``) recomputes the deadlines it
caches, outside the request. This app defines and sends the signal but does not listen.
"""

from __future__ import annotations

from django.dispatch import Signal

calendar_changed = Signal()
