"""Two-factor sign-in for staff: a TOTP device (django-otp) each user may turn on for themselves.

It is optional per user: whoever has a confirmed device is asked for its code after the right
password, everyone else signs in with the password alone. The device is
``django_otp.plugins.otp_totp``'s ``TOTPDevice``: it is made unconfirmed, with the QR code and the
secret shown to its user, and confirmed by one right code; a new device replaces the old one only
once it is confirmed. Codes are checked by django-otp (``verify_token``: the time steps around
now, each code once); the lockout after wrong codes is the sign-in's own (core.accounts).

Between the password and the code the user is *not* signed in: the session only holds who passed
the password step and when (``pending_*``), for TWO_FACTOR_STEP_MINUTES. Every staff page therefore
still sends them to the login page. And a sign-in that skips the code step anywhere (another
login view, a script calling ``django.contrib.auth.login``) is refused by ``_refuse_unverified``.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import django_otp
import segno
from django.contrib.auth import get_user_model, load_backend
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

TWO_FACTOR_STEP_MINUTES = 5
# The session's note of a passed password step: {"user": pk, "backend": path, "at": epoch, "next"}.
PENDING_SESSION_KEY = "_gongkai_two_factor_pending"
DEVICE_NAME = "authenticator"


# -- devices ----------------------------------------------------------------------------------


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice | None:
    """The user's confirmed TOTP device: with one, sign-in asks for its code."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def unconfirmed_device(user: AbstractBaseUser) -> TOTPDevice | None:
    """The device being set up: shown with its QR code until a right code confirms it."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def totp_device_start(*, user: AbstractBaseUser) -> TOTPDevice:
    """A new unconfirmed device with a new secret (a set-up begun before is dropped). A confirmed
    device stays in force until the new one is confirmed."""
    with transaction.atomic():
        totp_setup_cancel(user=user)
        return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def totp_setup_cancel(*, user: AbstractBaseUser) -> None:
    """Drop the set-up begun (a confirmed device stays as it is)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()


def totp_device_confirm(*, device: TOTPDevice, token: str) -> TOTPDevice | None:
    """Confirm the device with a current code from the user's app; it replaces the user's other
    devices. None (nothing changed but django-otp's own record) for a wrong code."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if device.confirmed or not device.verify_token(token.strip()):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    return device


def totp_devices_remove(*, user: AbstractBaseUser) -> int:
    """Turn two-factor sign-in off: every TOTP device of the user, confirmed or not."""
    deleted, _by_model = TOTPDevice.objects.filter(user=user).delete()
    return deleted


def token_verify(*, user: AbstractBaseUser, device: TOTPDevice, token: str) -> bool:
    """A current code of the user's confirmed device: django-otp's check (the device locked in
    a transaction, so that each code is taken once; on SQLite, where there is no row lock, every
    transaction takes the write lock at its start, gongkai.env, which serialises them too)."""
    verified = django_otp.verify_token(user, device.persistent_id, token.strip())
    return verified is not None and verified.confirmed


def secret_base32(device: TOTPDevice) -> str:
    """The secret for typing into an app by hand, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as a QR code: SVG markup to put in the page itself."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)


# -- the half-signed-in session ----------------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    user: AbstractBaseUser
    backend: str
    next_url: str


def pending_start(request: HttpRequest, *, user: AbstractBaseUser, next_url: str) -> None:
    request.session.cycle_key()  # a new session id for the step, as a sign-in gets one
    request.session[PENDING_SESSION_KEY] = {
        "user": str(user.pk),
        "backend": user.backend,  # set by authenticate(), as auth.login reads it
        "at": int(timezone.now().timestamp()),
        "next": next_url,
    }


def pending_clear(request: HttpRequest) -> None:
    request.session.pop(PENDING_SESSION_KEY, None)


class PendingExpired(Exception):
    pass


def pending_get(request: HttpRequest) -> Pending | None:
    """Who passed the password step in this session, if anyone did; PendingExpired (and the note
    is dropped) past TWO_FACTOR_STEP_MINUTES."""
    note = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(note, dict):
        return None
    age = int(timezone.now().timestamp()) - int(note.get("at", 0))
    if not 0 <= age <= TWO_FACTOR_STEP_MINUTES * 60:
        pending_clear(request)
        raise PendingExpired
    try:
        backend = load_backend(note["backend"])
        user = backend.get_user(get_user_model()._meta.pk.to_python(note["user"]))
    except (KeyError, ImportError, ValueError):
        user = None
    if user is None:  # the user, or the backend, is gone
        pending_clear(request)
        return None
    return Pending(user=user, backend=note["backend"], next_url=note.get("next", ""))


# -- the guard --------------------------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="gongkai.core.two_factor.refuse_unverified")
def _refuse_unverified(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """A user with a confirmed device is signed in only with a verified code: the code step
    sets ``user.otp_device`` before ``auth.login`` (django-otp then keeps it in the session, and
    ``user.is_verified()`` is true on the next requests). Any other sign-in of such a user is
    undone here and refused. Connected when the app is ready (core.apps)."""
    if getattr(user, "otp_device", None) is not None or confirmed_device(user) is None:
        return
    if request is not None:
        request.session.flush()
        request.user = AnonymousUser()
    raise PermissionDenied(_("该账号已启用两步验证，请从工作人员登录页登录并输入验证码。"))
