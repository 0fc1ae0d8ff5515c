"""Staff sign-in: a lockout after repeated wrong passwords, per account and per address; and the
password change every staff member can make for themselves."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.core.accounts import ADDRESS_FAILURES, LOGIN_FAILURES
from tests.applications.factories import make_user

PASSWORD = "pw-for-tests-only"
pytestmark = pytest.mark.django_db


def _sign_in(client, username: str, password: str, address: str = "198.51.100.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_an_account_is_locked_after_repeated_wrong_passwords_even_for_the_right_one(client):
    make_user("clerk")
    for _ in range(LOGIN_FAILURES):
        assert _sign_in(client, "clerk", "wrong").status_code == 200
    locked = _sign_in(client, "clerk", PASSWORD, address="203.0.113.9")  # from elsewhere too
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_right_password_gives_its_count_back(client):
    make_user("clerk")
    for _ in range(LOGIN_FAILURES + 2):
        assert _sign_in(client, "clerk", PASSWORD).status_code == 302
        client.logout()


def test_the_account_key_ignores_case_and_spaces_so_variants_share_the_count(client):
    make_user("clerk")
    for variant in ("clerk", "CLERK", " clerk", "Clerk ", "cLerk"):
        _sign_in(client, variant, "wrong")
    assert _sign_in(client, "clerk", PASSWORD).status_code == 429


def test_an_address_guessing_many_accounts_is_locked_but_a_right_password_still_enters(client):
    make_user("clerk")
    for n in range(ADDRESS_FAILURES):
        assert _sign_in(client, f"nobody{n}", "wrong").status_code == 200
    assert _sign_in(client, "nobody-else", "wrong").status_code == 429
    assert _sign_in(client, "clerk", PASSWORD).status_code == 302  # a colleague behind the NAT


def test_staff_change_their_own_password_after_giving_the_old_one(client):
    user = make_user("clerk")
    client.force_login(user)
    url = reverse("password_change")
    page = client.get(url)
    assert page.status_code == 200 and "修改密码" in page.content.decode()
    refused = client.post(
        url,
        {"old_password": "wrong", "new_password1": "Kx9-long-new", "new_password2": "Kx9-long-new"},
    )
    assert refused.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    weak = client.post(
        url, {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    )
    assert weak.status_code == 200 and weak.context["form"].errors["new_password2"]
    done = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "Kx9-long-new",
            "new_password2": "Kx9-long-new",
        },
    )
    assert done.status_code == 302 and done.url == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("Kx9-long-new")
    assert client.get(reverse("password_change_done")).status_code == 200


def test_the_password_page_asks_a_stranger_to_sign_in(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_every_staff_page_links_to_the_password_change(client):
    client.force_login(make_user("clerk"))
    page = client.get(reverse("applications:workload")).content.decode()
    assert f'href="{reverse("password_change")}"' in page
