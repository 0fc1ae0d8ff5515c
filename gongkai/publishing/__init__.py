"""主动公开: what an agency publishes on its own initiative (Art. 19–21, 26) and its review chain.

Arriving in steps (issue 8); so far the scan for personal information that the confidentiality
review shows the reviewer (``pii``).
"""
