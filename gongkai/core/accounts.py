"""Staff sign-in with a lockout after repeated failures, and self-service password change.

Guessing is bounded as the applicants' lookup bounds it (core.throttle, shared by every server
process):

- per account: LOGIN_FAILURES wrong passwords in any LOCKOUT_MINUTES lock the account's sign-in
  for everyone until the window passes — however many addresses the guesses come from. The
  attempt is counted before the password is checked, so concurrent guesses cannot all slip
  under the limit; a right password gives its count back.
- per address: ADDRESS_FAILURES failures lock out the address's *wrong* guesses; a colleague
  behind the same office NAT who types the right password still gets in.

Counting before the check means that more than LOGIN_FAILURES sign-ins *of one account* in flight
at the same instant are refused too; people sign in one at a time, so only a script notices.

A locked sign-in is refused with 429 and the same words whether or not the password was right,
and is logged (without the password) for the audit.

A user who turned on two-factor sign-in (core.two_factor) is not signed in by the right password:
the session only remembers, for a few minutes, that the password step passed, and the code step
(core.two_factor_views) signs in. Each code is one more guess under the same rule (``Attempt``
below), so wrong codes and wrong passwords share one count. The Django admin's sign-in form posts
here too (``admin_login``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _

from . import two_factor
from .throttle import Throttle, client_address

LOGIN_FAILURES = 5
ADDRESS_FAILURES = 30
LOCKOUT_MINUTES = 15
ACCOUNT_THROTTLE = Throttle(
    "login-account", limit=LOGIN_FAILURES, window_seconds=LOCKOUT_MINUTES * 60
)
ADDRESS_THROTTLE = Throttle(
    "login-address", limit=ADDRESS_FAILURES, window_seconds=LOCKOUT_MINUTES * 60
)

logger = logging.getLogger("gongkai.security")


def _account_key(username: str) -> str:
    return username.strip().casefold()


def locked_message() -> str:
    return _("登录失败次数过多，已暂停登录；请 %(minutes)d 分钟后再试，或联系系统管理员。") % {
        "minutes": LOCKOUT_MINUTES
    }


@dataclass(frozen=True)
class Attempt:
    """One guess at an account's sign-in — a password, or a code of the second step —, counted
    against the account before it is checked (the one home of the lockout rule)."""

    request: HttpRequest
    account: str
    slot: str | None

    @classmethod
    def begin(cls, request: HttpRequest, username: str) -> Attempt | None:
        """The attempt, counted; None if the account's sign-in is locked (check nothing)."""
        account = _account_key(username)
        slot = ACCOUNT_THROTTLE.reserve(account) if account else None
        if account and slot is None:
            logger.warning("sign-in locked: account %r from %s", account, client_address(request))
            return None
        return cls(request, account, slot)

    def succeeded(self) -> None:
        """A right guess gives its count back."""
        if self.slot:
            ACCOUNT_THROTTLE.release(self.slot)

    def failed(self) -> bool:
        """A wrong guess stays counted against the account, and counts against the address;
        whether the address is now locked."""
        if ADDRESS_THROTTLE.reserve(client_address(self.request)) is None:
            logger.warning("sign-in locked: address %s", client_address(self.request))
            return True
        return False


class ThrottledLoginView(auth_views.LoginView):
    password_right = False

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        attempt = Attempt.begin(request, request.POST.get("username", ""))
        if attempt is None:
            return self._locked()
        response = super().post(request, *args, **kwargs)
        if self.password_right:
            attempt.succeeded()
            return response
        if attempt.failed():
            return self._locked()
        return response

    def form_valid(self, form) -> HttpResponse:
        self.password_right = True
        user = form.get_user()
        if two_factor.confirmed_device(user) is None:
            two_factor.pending_clear(self.request)
            return super().form_valid(form)
        # Not signed in yet: the code step signs in, within TWO_FACTOR_STEP_MINUTES.
        two_factor.pending_start(self.request, user=user, next_url=self.get_success_url())
        return HttpResponseRedirect(reverse("two_factor_verify"))

    def _locked(self) -> HttpResponse:
        # The form is not validated: a locked sign-in checks no password at all.
        response = self.render_to_response(self.get_context_data(locked=locked_message()))
        response.status_code = 429
        return response


def admin_login(request: HttpRequest) -> HttpResponse:
    """The Django admin's sign-in page (/admin/login/): drawn by the admin, but its form is
    taken by the one sign-in above, so that the lockout and the code step hold there too."""
    if request.method == "POST":
        return ThrottledLoginView.as_view()(request)
    return admin.site.login(request)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every signed-in staff member changes their own password (the old one asked first)."""

    template_name = "core/password_change_form.html"
    success_url = reverse_lazy("password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "core/password_change_done.html"
