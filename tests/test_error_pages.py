"""Refusals outside the staff screens still answer in Chinese, in the site's layout."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.views import defaults


def test_a_refusal_page_says_why_in_chinese():
    response = defaults.permission_denied(
        RequestFactory().get("/x/"), PermissionDenied("只有承办人可以导入")
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in html and "只有承办人可以导入" in html


def test_a_missing_page_is_named_in_chinese():
    response = defaults.page_not_found(RequestFactory().get("/x/"), Exception())
    assert response.status_code == 404 and "页面不存在" in response.content.decode()
