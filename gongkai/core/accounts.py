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
"""

from __future__ import annotations

import logging

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

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


class ThrottledLoginView(auth_views.LoginView):
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        username = _account_key(request.POST.get("username", ""))
        attempt = ACCOUNT_THROTTLE.reserve(username) if username else None
        if username and attempt is None:
            logger.warning("sign-in locked: account %r from %s", username, client_address(request))
            return self._locked()
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated and response.status_code == 302:
            if attempt:
                ACCOUNT_THROTTLE.release(attempt)
            return response
        # A failure: it stays counted against the account, and counts against the address.
        if ADDRESS_THROTTLE.reserve(client_address(request)) is None:
            logger.warning("sign-in locked: address %s", client_address(request))
            return self._locked()
        return response

    def _locked(self) -> HttpResponse:
        # The form is not validated: a locked sign-in checks no password at all.
        locked = _(
            "登录失败次数过多，已暂停登录；请 %(minutes)d 分钟后再试，或联系系统管理员。"
        ) % {"minutes": LOCKOUT_MINUTES}
        response = self.render_to_response(self.get_context_data(locked=locked))
        response.status_code = 429
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every signed-in staff member changes their own password (the old one asked first)."""

    template_name = "core/password_change_form.html"
    success_url = reverse_lazy("password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "core/password_change_done.html"
