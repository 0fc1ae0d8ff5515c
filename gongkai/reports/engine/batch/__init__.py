"""Many reports at once: folders and ZIP archives read within limits (sources.py, archive.py),
checked on every core (pool.py), summarised as XLSX or CSV (summary.py). Plain Python, like the
rest of the engine.

Nothing is imported here, on purpose: ``gongkai report check FILE`` imports result.py alone and
must not pay for multiprocessing or openpyxl.
"""
