"""Printing and files, neutral to what is printed: the A4 page, CJK text runs, HTML to PDF with
the font check, and the media types a file's content shows. Used by the notices and the report
writers alike; imports nothing of the domain apps."""
