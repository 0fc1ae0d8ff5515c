"""URL configuration."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from gongkai.core import accounts

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", accounts.ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        accounts.PasswordChangeDoneView.as_view(),
        name="password_change_done",
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
