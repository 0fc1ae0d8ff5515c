"""A walk-in or posted application's query code is on the staff page, for the clerk to hand on;
read-only staff (the provincial office) do not get it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.applications.e2e_world import fast_notices
from tests.applications.views_helpers import registered

pytestmark = pytest.mark.django_db


def test_the_clerk_sees_the_query_code_and_the_provincial_office_does_not(client, office):
    with fast_notices():
        app = registered(office)
    url = reverse("applications:detail", args=[app.pk])
    client.force_login(office.clerk)
    page = client.get(url).content.decode()
    assert f"<strong>{app.query_code}</strong>" in page
    client.force_login(office.provincial)
    page = client.get(url).content.decode()
    assert page.count(app.query_code) == 0
