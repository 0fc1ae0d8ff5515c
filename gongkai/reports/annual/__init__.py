"""The annual report of an agency-year: assembled from the records, checked, reviewed, published.

``assemble`` puts the computed tables and the office's narrative together, ``gate`` says whether
it may be submitted, ``workflow`` and ``permissions`` declare its review chain, ``snapshot``
freezes a published version, ``services`` is where every write happens.
"""
