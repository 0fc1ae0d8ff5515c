"""The public pages, cached for readers who are not signed in.

A portal page is the same for every anonymous reader of it (in their language and mode): no
form token, no name. It is stored with the generation of the published content it was drawn
from (``PUBLISHED``, bumped by every publishing step, catalogue edit and agency settings change),
and served again while that generation stands and GONGKAI_PORTAL_CACHE_SECONDS have not passed.
One cache read (``get_many``) answers both questions. A signed-in user (a session cookie) always
gets a fresh page; so does every method but GET and HEAD.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from gongkai.core.generations import PUBLIC_PAGES, generation_key
from gongkai.portal.site import ELDER_COOKIE

# Headers not replayed from the cache: they belong to the response that first drew the page.
_NOT_KEPT = frozenset({"set-cookie", "vary", "date"})


def _key(request: HttpRequest) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    mode = "elder" if request.COOKIES.get(ELDER_COOKIE) == "1" else "plain"
    return f"portal:page:{get_language()}:{mode}:{path}"


def _cacheable(request: HttpRequest) -> bool:
    return (
        settings.GONGKAI_PORTAL_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def cached_for_readers(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key, current = _key(request), generation_key(PUBLIC_PAGES)
        found = cache.get_many([key, current])
        generation = found.get(current, 0)
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            _generation, content, headers = entry
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)
        if getattr(response, "is_rendered", True) is False:
            response.render()  # a TemplateResponse (the sitemaps) renders lazily
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = {k: v for k, v in response.headers.items() if k.lower() not in _NOT_KEPT}
            entry = (generation, response.content, headers)
            cache.set(key, entry, settings.GONGKAI_PORTAL_CACHE_SECONDS)
        return response

    return wrapped
