"""The pages of two-factor sign-in (core.two_factor): each staff member's own settings page
(turn it on with a QR code and one right code, turn it off with a code or the password), and the
sign-in's second step, where the code signs in."""

from __future__ import annotations

import django_otp
from django import forms
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters

from . import two_factor
from .accounts import Attempt, locked_message

SETTINGS_TEMPLATE = "core/two_factor.html"
VERIFY_TEMPLATE = "core/two_factor_verify.html"


def _code_field() -> forms.CharField:
    return forms.CharField(
        label=gettext_lazy("验证码"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 10}
        ),
    )


class CodeForm(forms.Form):
    code = _code_field()


class DisableForm(forms.Form):
    code = _code_field()
    password = forms.CharField(
        label=gettext_lazy("或当前密码"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("code") and not data.get("password"):
            raise forms.ValidationError(gettext_lazy("请输入验证码或当前密码。"))
        return data


WRONG_CODE = gettext_lazy("验证码不正确，请输入验证器应用当前显示的 6 位数字。")


def settings_page(
    request: HttpRequest,
    *,
    confirm_form: CodeForm | None = None,
    disable_form: DisableForm | None = None,
    status: int = 200,
    locked: str = "",
) -> HttpResponse:
    """The settings page: on or off, the set-up in progress with its QR code and secret."""
    device = two_factor.confirmed_device(request.user)
    setup = two_factor.unconfirmed_device(request.user)
    context = {
        "device": device,
        "setup": setup,
        "qr_svg": two_factor.qr_svg(setup) if setup else "",
        "secret": two_factor.secret_base32(setup) if setup else "",
        "confirm_form": confirm_form or CodeForm(),
        "disable_form": disable_form or DisableForm(),
        "locked": locked,
    }
    return render(request, SETTINGS_TEMPLATE, context, status=status)


@method_decorator(sensitive_post_parameters("code", "password"), name="dispatch")
class TwoFactorView(LoginRequiredMixin, View):
    """/accounts/two-factor/: the user's own two-factor settings."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return settings_page(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        action = request.POST.get("action")
        if action == "start":
            two_factor.totp_device_start(user=request.user)
            return redirect("two_factor")
        if action == "cancel":
            two_factor.totp_setup_cancel(user=request.user)
            return redirect("two_factor")
        if action != "confirm":
            return redirect("two_factor")
        setup = two_factor.unconfirmed_device(request.user)
        form = CodeForm(request.POST)
        if setup is None:  # confirmed meanwhile, or never begun
            return redirect("two_factor")
        if form.is_valid():
            device = two_factor.totp_device_confirm(device=setup, token=form.cleaned_data["code"])
            if device is not None:
                django_otp.login(request, device)  # this session counts as verified
                messages.success(
                    request, _("两步验证已启用；以后登录时，输入密码后还需输入验证码。")
                )
                return redirect("two_factor")
            form.add_error("code", WRONG_CODE)
        return settings_page(request, confirm_form=form)


@method_decorator(sensitive_post_parameters("code", "password"), name="dispatch")
class TwoFactorDisableView(LoginRequiredMixin, View):
    """Turning it off asks for a current code or the password; a wrong one is a wrong guess at
    the account's sign-in (core.accounts), so that a session left open cannot try many."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        device = two_factor.confirmed_device(user)
        if device is None:
            return redirect("two_factor")
        form = DisableForm(request.POST)
        if not form.is_valid():
            return settings_page(request, disable_form=form)
        attempt = Attempt.begin(request, user.get_username())
        if attempt is None:
            return settings_page(request, status=429, locked=locked_message())
        code, password = form.cleaned_data["code"], form.cleaned_data["password"]
        code_right = bool(code) and two_factor.token_verify(user=user, device=device, token=code)
        if code_right or (bool(password) and user.check_password(password)):
            attempt.succeeded()
            two_factor.totp_devices_remove(user=user)
            messages.success(request, _("两步验证已关闭；以后登录时只需输入密码。"))
            return redirect("two_factor")
        if attempt.failed():
            return settings_page(request, status=429, locked=locked_message())
        form.add_error(None, _("验证码或密码不正确，两步验证未关闭。"))
        return settings_page(request, disable_form=form)


@method_decorator(sensitive_post_parameters("code"), name="dispatch")
class TwoFactorVerifyView(View):
    """/accounts/two-factor/verify/: the sign-in's second step, for the session whose password
    step passed in the last TWO_FACTOR_STEP_MINUTES; the right code signs in."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            self.pending = two_factor.pending_get(request)
        except two_factor.PendingExpired:
            messages.error(request, _("验证码输入超时，请重新输入用户名和密码。"))
            return redirect("login")
        if self.pending is None:
            return redirect("login")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        pending = self.pending
        attempt = Attempt.begin(request, pending.user.get_username())
        if attempt is None:
            return self._locked(request)
        device = two_factor.confirmed_device(pending.user)
        form = CodeForm(request.POST)
        if device is None:  # turned off meanwhile: the password step again
            attempt.succeeded()
            two_factor.pending_clear(request)
            return redirect("login")
        if form.is_valid() and two_factor.token_verify(
            user=pending.user, device=device, token=form.cleaned_data["code"]
        ):
            attempt.succeeded()
            two_factor.pending_clear(request)
            # django-otp keeps the device in the session at auth.login (user.is_verified()).
            pending.user.otp_device = device
            auth.login(request, pending.user, backend=pending.backend)
            return HttpResponseRedirect(
                pending.next_url or resolve_url(settings.LOGIN_REDIRECT_URL)
            )
        if attempt.failed():
            return self._locked(request)
        if form.is_valid():
            form.add_error("code", WRONG_CODE)
        return self._page(request, form)

    def _locked(self, request: HttpRequest) -> HttpResponse:
        two_factor.pending_clear(request)
        return self._page(request, CodeForm(), status=429, locked=locked_message())

    def _page(
        self, request: HttpRequest, form: CodeForm, *, status: int = 200, locked: str = ""
    ) -> HttpResponse:
        context = {
            "form": form,
            "locked": locked,
            "minutes": two_factor.TWO_FACTOR_STEP_MINUTES,
            "restart_url": reverse("login"),
        }
        return render(request, VERIFY_TEMPLATE, context, status=status)
