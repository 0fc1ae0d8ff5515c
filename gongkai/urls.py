"""URL configuration."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from gongkai.core import accounts, two_factor_views

urlpatterns = [
    # The admin's sign-in page posts to the staff sign-in (its lockout and two-factor step).
    path("admin/login/", accounts.admin_login),
    path("admin/", admin.site.urls),
    path("accounts/login/", accounts.ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        accounts.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/two-factor/", two_factor_views.TwoFactorView.as_view(), name="two_factor"),
    path(
        "accounts/two-factor/disable/",
        two_factor_views.TwoFactorDisableView.as_view(),
        name="two_factor_disable",
    ),
    path(
        "accounts/two-factor/verify/",
        two_factor_views.TwoFactorVerifyView.as_view(),
        name="two_factor_verify",
    ),
    # The public site first: its home is `/` (the sitemap is in it too).
    path("", include("gongkai.portal.urls")),
    path("", include("gongkai.applications.urls")),
    path("", include("gongkai.applications.ledger.urls")),
    path("", include("gongkai.applications.notices.urls")),
    path("", include("gongkai.reports.urls")),
    path("", include("gongkai.reports.province.urls")),
    path("", include("gongkai.reports.urls_annual")),
    path("", include("gongkai.agencies.urls")),
    path("", include("gongkai.publishing.urls")),
    path("", include("gongkai.remedies.urls")),
]
