from __future__ import annotations

import pytest

from tests.applications.factories import Office, make_office


@pytest.fixture
def office(db) -> Office:
    return make_office()
