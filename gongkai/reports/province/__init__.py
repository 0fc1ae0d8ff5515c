"""The provincial office's view of a year: every agency below it with the state of its annual
report (offices.py, statuses.py), the province-wide sum of their tables with the agencies behind
each cell (figures.py, compile.py), the reports it uploads for agencies not on the platform, and
the year's matrix as CSV/XLSX (export.py, also ``gongkai report province``).
"""
