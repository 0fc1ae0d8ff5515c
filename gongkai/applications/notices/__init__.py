"""Notices (告知书) of the disclosure-on-request workflow, as frozen documents.

``kinds`` declares every notice once, with its legal text (``replies`` the reply's, one per
outcome; ``legal`` what they quote); ``compose`` fills an agency's editable
wording and the fixed legal paragraphs; ``render_docx``/``render_pdf`` set the result on paper;
``services`` issues a notice inside the workflow step that calls for it and freezes it.
"""
