"""What the tests of the applicant's lookup (/track/) share: posting it, codes no one holds."""

from __future__ import annotations

from django.urls import reverse

from gongkai.applications.query_codes import QUERY_CODE_ALPHABET

TRACK = reverse("applications:track")


def status_url(app) -> str:
    return reverse("applications:track_status", args=[app.pk])


def lookup(client, code: str, proof: str, **headers):
    return client.post(TRACK, {"query_code": code, "proof": proof}, **headers)


def guessed_code(n: int) -> str:
    """The n-th of many well-formed query codes that no application has (none starts "YYYY")."""
    a, b = divmod(n, len(QUERY_CODE_ALPHABET))
    return f"YYYY-YYYY-YY{QUERY_CODE_ALPHABET[a]}{QUERY_CODE_ALPHABET[b]}"
