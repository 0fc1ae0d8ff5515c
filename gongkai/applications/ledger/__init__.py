"""Bulk import of an office's existing ledger (台账) of applications, from XLSX or CSV.

The columns are declared once (``columns``); a file is read into rows (``reading``), every row is
checked against the same rules as the intake forms (``validation``), and only a file without a
single error is stored, in one transaction (``service``). Nothing is half-imported.
"""
