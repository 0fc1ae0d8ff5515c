"""The 适老化 mode (large text, high contrast): a button on every page, without JavaScript.

The reader's choice is a cookie (nothing about them is stored here); the page they were on is
drawn again in the chosen mode.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from gongkai.portal.site import ELDER_COOKIE, ELDER_MAX_AGE


# No CSRF token: it only sets the reader's own display preference, and a token in every page
# would make the pages impossible to cache for all readers (portal.page_cache).
@csrf_exempt
@require_POST
def elder_mode(request: HttpRequest) -> HttpResponse:
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("portal:home")
    response = HttpResponseRedirect(back)
    if request.POST.get("mode") == "on":
        response.set_cookie(
            ELDER_COOKIE,
            "1",
            max_age=ELDER_MAX_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
    else:
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")
    return response
