"""行政复议 / 行政诉讼: the register of the reconsideration and litigation cases an agency faces
over its disclosure work, tied to the applications they arose from, counted in table 四.

``Case`` is one case in one of the three streams of table 四; every change is a ``CaseEvent``
(append-only, refused by the database too). Writes go through ``services``; who may do what is
``permissions``; the states and moves are declared in ``workflow``.
"""
