"""A request body larger than any form takes is refused from its declared length, unread."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.body_limit import request_max_bytes

pytestmark = pytest.mark.django_db


def test_a_body_declared_past_the_limit_is_refused_with_413_and_a_clear_message(client):
    response = client.post(
        reverse("reports:check"),
        {"file": SimpleUploadedFile("a.txt", b"x")},
        CONTENT_LENGTH=str(request_max_bytes() + 1),
    )
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()


def test_the_limit_is_settable_and_a_body_within_it_goes_through(client, settings):
    settings.GONGKAI_REQUEST_MAX_BYTES = 2048
    assert request_max_bytes() == 2048
    small = client.post(reverse("reports:check"), {"file": SimpleUploadedFile("a.txt", b"x")})
    assert small.status_code != 413
    big = client.post(reverse("reports:check"), {"file": SimpleUploadedFile("a.txt", b"x" * 4096)})
    assert big.status_code == 413


def test_by_default_it_leaves_room_for_several_uploads_of_the_largest_size(settings):
    assert request_max_bytes() > 4 * settings.GONGKAI_UPLOAD_MAX_BYTES
