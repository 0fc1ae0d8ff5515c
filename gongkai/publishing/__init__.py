"""主动公开: what an agency publishes on its own initiative (Art. 19–21, 26).

The catalogue (``Category``), items with their metadata and published versions, the review chain
(``workflow``: department head → leader in charge → confidentiality review), the scan for personal
information the reviewer is shown (``pii``), and the inputs of table 二 the records cannot give.
"""
