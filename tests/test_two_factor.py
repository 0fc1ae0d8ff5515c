"""Two-factor sign-in, optional per staff member: turned on with a QR code and one right code,
asked for after the right password, counted in the same lockout as wrong passwords, and off
again with a code or the password."""

from __future__ import annotations

import base64
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core.accounts import LOGIN_FAILURES
from gongkai.core.two_factor import TWO_FACTOR_STEP_MINUTES
from tests.applications.factories import Office, make_office
from tests.test_csp import inline_script

PASSWORD = "pw-for-tests-only"
WORKLOAD = reverse("applications:workload")
SETTINGS = reverse("two_factor")
VERIFY = reverse("two_factor_verify")


@pytest.fixture
def office(db) -> Office:
    return make_office()


def code(device: TOTPDevice, steps_later: int = 0) -> str:
    """The code the user's app shows now (or that many time steps later), by the device's own
    token generation."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_later * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """A code that none of the time steps the device accepts now would show."""
    accepted = {code(device, steps) for steps in (-1, 0, 1, 2)}
    return next(c for c in ("000000", "111111", "222222", "333333", "444444") if c not in accepted)


def confirmed(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def password_step(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


# -- turning it on -----------------------------------------------------------------------------


def test_staff_turn_it_on_with_the_qr_code_and_a_right_code_after_a_wrong_one(office: Office):
    client = Client()
    client.force_login(office.clerk)
    page = client.get(SETTINGS)
    assert page.status_code == 200
    assert 'id="two-factor-off"' in page.text and "<svg" not in page.text
    assert "自行选择" in page.text  # optional per user, and the page says so

    assert client.post(SETTINGS, {"action": "start"}).status_code == 302
    device = TOTPDevice.objects.get(user=office.clerk)
    assert device.confirmed is False
    page = client.get(SETTINGS)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    shown = page.text.split('class="secret">')[1].split("<")[0]
    assert shown.replace(" ", "") == secret  # for typing in by hand
    assert '<svg width="' in page.text and "data:image" not in page.text  # markup in the page
    assert inline_script(page.text) == []

    wrong = client.post(SETTINGS, {"action": "confirm", "code": wrong_code(device)})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.text
    device.refresh_from_db()
    assert device.confirmed is False

    right = client.post(SETTINGS, {"action": "confirm", "code": code(device)})
    assert right.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id  # this session verified
    page = client.get(SETTINGS)
    assert 'id="two-factor-on"' in page.text and "两步验证已启用" in page.text


def test_turning_it_on_again_replaces_the_old_device_only_once_the_new_one_is_confirmed(
    office: Office,
):
    client = Client()
    client.force_login(office.clerk)
    old = confirmed(office.clerk)
    client.post(SETTINGS, {"action": "start"})
    new = TOTPDevice.objects.get(user=office.clerk, confirmed=False)
    assert new.key != old.key
    # Until then the old device is the one sign-in asks for.
    assert set(TOTPDevice.objects.filter(user=office.clerk)) == {old, new}
    client.post(SETTINGS, {"action": "confirm", "code": code(new)})
    assert list(TOTPDevice.objects.filter(user=office.clerk)) == [new]
    new.refresh_from_db()
    assert new.confirmed


# -- signing in --------------------------------------------------------------------------------


def test_sign_in_asks_for_the_code_refuses_a_wrong_one_and_signs_in_with_the_right_one(
    office: Office,
):
    device = confirmed(office.clerk)
    client = Client()
    first = password_step(client, "clerk")
    assert first.status_code == 302 and first["Location"] == VERIFY
    assert signed_in_user_id(client) is None  # not signed in by the password alone

    page = client.get(VERIFY)
    assert page.status_code == 200 and 'name="code"' in page.text

    wrong = client.post(VERIFY, {"code": wrong_code(device)})
    assert wrong.status_code == 200
    assert "验证码不正确，请输入验证器应用当前显示的 6 位数字。" in wrong.text
    assert signed_in_user_id(client) is None

    right = client.post(VERIFY, {"code": code(device)})
    assert right.status_code == 302 and right["Location"] == WORKLOAD
    assert signed_in_user_id(client) == str(office.clerk.pk)
    response = client.get(WORKLOAD)
    assert response.status_code == 200
    assert response.wsgi_request.user.is_verified()
    # The code was taken: the step is over, and the same code does not sign in again.
    assert client.get(VERIFY)["Location"] == reverse("login")


def test_the_code_step_sends_the_user_on_to_the_page_they_asked_for(office: Office):
    device = confirmed(office.clerk)
    client = Client()
    wanted = reverse("applications:list")
    password_step(client, "clerk", next=wanted)
    assert client.post(VERIFY, {"code": code(device)})["Location"] == wanted


def test_a_user_whose_device_is_not_confirmed_signs_in_with_the_password_alone(office: Office):
    TOTPDevice.objects.create(user=office.clerk, name="authenticator", confirmed=False)
    client = Client()
    response = password_step(client, "clerk")
    assert response.status_code == 302 and response["Location"] == WORKLOAD
    assert signed_in_user_id(client) == str(office.clerk.pk)


def test_the_half_signed_in_session_opens_no_staff_page(office: Office):
    confirmed(office.clerk)
    client = Client()
    password_step(client, "clerk")
    for url in (WORKLOAD, SETTINGS, reverse("password_change"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"], url
    assert signed_in_user_id(client) is None


def test_the_code_step_expires(office: Office, monkeypatch: pytest.MonkeyPatch):
    device = confirmed(office.clerk)
    client = Client()
    password_step(client, "clerk")
    real_now = timezone.now
    later = timedelta(minutes=TWO_FACTOR_STEP_MINUTES, seconds=5)
    monkeypatch.setattr(timezone, "now", lambda: real_now() + later)
    response = client.post(VERIFY, {"code": code(device)}, follow=True)
    assert response.redirect_chain[0][0] == reverse("login")
    assert "验证码输入超时" in response.text
    assert signed_in_user_id(client) is None


def test_wrong_codes_count_in_the_same_lockout_as_wrong_passwords(office: Office):
    device = confirmed(office.clerk)
    client = Client()
    for _ in range(2):
        assert password_step(client, "clerk", "wrong").status_code == 200
    password_step(client, "clerk")  # the right password gives its count back
    for _ in range(LOGIN_FAILURES - 2):
        assert client.post(VERIFY, {"code": wrong_code(device)}).status_code == 200
    locked = client.post(VERIFY, {"code": code(device)})  # even the right code now
    assert locked.status_code == 429 and "登录失败次数过多" in locked.text
    assert signed_in_user_id(client) is None
    # The same account lock: the password step is refused too, from a fresh browser.
    again = password_step(Client(), "clerk")
    assert again.status_code == 429
    device.refresh_from_db()
    assert device.confirmed  # nothing else changed


def test_a_sign_in_that_skips_the_code_step_is_refused(office: Office):
    confirmed(office.clerk)
    client = Client()
    with pytest.raises(PermissionDenied):
        client.force_login(office.clerk)
    assert signed_in_user_id(client) is None


def test_the_admin_s_sign_in_asks_for_the_code_too(office: Office):
    root = get_user_model().objects.create_superuser("root", "root@example.gov.cn", PASSWORD)
    device = confirmed(root)
    client = Client()
    page = client.get("/admin/login/?next=/admin/")
    assert page.status_code == 200  # the admin's own page
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "root", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302 and response["Location"] == VERIFY
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert client.post(VERIFY, {"code": code(device)})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_s_sign_in_counts_in_the_lockout(office: Office):
    get_user_model().objects.create_superuser("root", "root@example.gov.cn", PASSWORD)
    client = Client()
    for _ in range(LOGIN_FAILURES):
        client.post("/admin/login/", {"username": "root", "password": "wrong"})
    locked = client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert locked.status_code == 429 and signed_in_user_id(client) is None


# -- turning it off ----------------------------------------------------------------------------


def test_staff_turn_it_off_with_their_password_after_a_wrong_one(office: Office):
    device = confirmed(office.clerk)
    client = Client()
    password_step(client, "clerk")
    client.post(VERIFY, {"code": code(device)})
    disable = reverse("two_factor_disable")
    refused = client.post(disable, {"password": "wrong"})
    assert refused.status_code == 200 and "两步验证未关闭" in refused.text
    assert TOTPDevice.objects.filter(user=office.clerk, confirmed=True).exists()
    assert client.post(disable, {"password": PASSWORD}).status_code == 302
    assert not TOTPDevice.objects.filter(user=office.clerk).exists()
    # Signing in again asks for the password only.
    fresh = Client()
    assert password_step(fresh, "clerk")["Location"] == WORKLOAD
    assert signed_in_user_id(fresh) == str(office.clerk.pk)


def test_staff_turn_it_off_with_a_current_code(office: Office):
    client = Client()
    client.force_login(office.clerk)
    device = confirmed(office.clerk)
    disable = reverse("two_factor_disable")
    assert client.post(disable, {"code": wrong_code(device)}).status_code == 200
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert client.post(disable, {"code": code(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=office.clerk).exists()


def test_turning_it_off_is_a_post_with_a_code_or_the_password(office: Office):
    client = Client()
    client.force_login(office.clerk)
    confirmed(office.clerk)
    disable = reverse("two_factor_disable")
    assert client.get(disable).status_code == 405
    empty = client.post(disable, {})
    assert empty.status_code == 200 and "请输入验证码或当前密码" in empty.text
    assert TOTPDevice.objects.filter(user=office.clerk).exists()


def test_the_secret_and_the_code_step_are_not_kept_by_any_cache(office: Office):
    client = Client()
    client.force_login(office.clerk)
    client.post(SETTINGS, {"action": "start"})
    assert client.get(SETTINGS)["Cache-Control"] == "private, no-store"
    TOTPDevice.objects.filter(user=office.clerk).update(confirmed=True)
    half = Client()
    password_step(half, "clerk")
    assert half.get(VERIFY)["Cache-Control"] == "private, no-store"
