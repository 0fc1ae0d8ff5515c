"""Django settings, read from the environment (see .env.example for every variable).

Zero configuration gives a development setup: DEBUG on, a SQLite file under var/. Production sets
GONGKAI_DEBUG=false, GONGKAI_SECRET_KEY, GONGKAI_ALLOWED_HOSTS and usually DATABASE_URL.
"""

from __future__ import annotations

import contextlib
import json
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from gongkai.env import database_config, env_bool, env_int, env_list, env_path, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("GONGKAI_DEBUG", default=True)

# Only a development setup may run on the well-known key below.
SECRET_KEY = env_str(
    "GONGKAI_SECRET_KEY",
    default="django-insecure-gongkai-development-only" if DEBUG else None,
    reason="GONGKAI_DEBUG 为 false 时必须设置（生产环境使用随机生成的长密钥）",
)

ALLOWED_HOSTS = env_list(
    "GONGKAI_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # The Content-Security-Policy header (CONTENT_SECURITY_POLICY below); its checks and tags.
    "csp",
    # Optional two-factor sign-in for staff (TOTP devices; gongkai.core.two_factor).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "gongkai.core",
    "gongkai.agencies",
    "gongkai.reports",
    "gongkai.workdays",
    "gongkai.applications",
    # The ledger (台账) import's templates; it has no models.
    "gongkai.applications.ledger",
    "gongkai.publishing",
    # 行政复议 / 行政诉讼 cases (table 四).
    "gongkai.remedies",
    "gongkai.search",
    "gongkai.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files, answered before sessions or the database are touched (STORAGES below).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Every log line of a page's request carries its id (LOGGING below); static files log none.
    "gongkai.core.request_id.RequestIdMiddleware",
    # A body larger than any form takes is refused before it is read (GONGKAI_REQUEST_MAX_BYTES).
    "gongkai.core.body_limit.RequestBodyLimitMiddleware",
    # The Content-Security-Policy header of every page (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # user.is_verified(): the session's user passed the two-factor code step (core.two_factor).
    "django_otp.middleware.OTPMiddleware",
    # Each user's roles read once per request (agencies.permissions.Access).
    "gongkai.agencies.middleware.AccessMiddleware",
    # Sessions end when idle; pages for a session with something in it are not cached.
    "gongkai.core.security.PrivateSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "gongkai.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The "holidays not loaded, deadlines provisional" banner on staff pages.
                "gongkai.agencies.context_processors.staff_banner",
                # The staff pages' menu: only what the user's roles may do.
                "gongkai.applications.context_processors.staff_menu",
            ],
        },
    },
]

WSGI_APPLICATION = "gongkai.wsgi.application"
ASGI_APPLICATION = "gongkai.asgi.application"

# Database: DATABASE_URL (dj-database-url syntax), else a SQLite file in var/. Settings never
# connect; the `report` command works without any database.
_DEFAULT_SQLITE = BASE_DIR / "var" / "gongkai.sqlite3"
# Lower-case: Django ignores it, so the URL (it may hold a password) never shows as a setting.
_database_url = env_str("DATABASE_URL", default=f"sqlite:///{_DEFAULT_SQLITE}")
DATABASES = {"default": database_config(_database_url)}
# Persistent connections: each server thread keeps its connection this many seconds (0: one per
# request, Django's default). Off under DEBUG, where runserver starts a thread per request.
# CONN_HEALTH_CHECKS: a connection the database server dropped is replaced, not failed on.
DATABASES["default"]["CONN_MAX_AGE"] = env_int(
    "GONGKAI_DB_CONN_MAX_AGE", default=0 if DEBUG else 60, min_value=0
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["NAME"] == str(_DEFAULT_SQLITE):
    # SQLite creates the file but not its folder. An install without write access to BASE_DIR
    # must set DATABASE_URL; the first connection then fails with SQLite's own error.
    with contextlib.suppress(OSError):
        _DEFAULT_SQLITE.parent.mkdir(exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache, shared by every server process (throttles, locks): Redis when GONGKAI_REDIS_URL is
# set, else a table in the database (`manage.py createcachetable` makes it; `make run` does).
# Lower-case like the database URL: it may hold a password.
_redis_url = env_str("GONGKAI_REDIS_URL", default="")
if _redis_url:
    try:
        _redis_parts = urlsplit(_redis_url)
        _redis_port = _redis_parts.port  # ValueError for a port that is not a number
    except ValueError:
        _redis_parts = None
    if not (_redis_parts and _redis_parts.scheme in ("redis", "rediss") and _redis_parts.hostname):
        raise ImproperlyConfigured(
            "环境变量 GONGKAI_REDIS_URL 无效：应为以 redis:// 或 rediss:// 开头、含主机名的网址，"
            "例如 redis://127.0.0.1:6379/0"
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": "gongkai",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "gongkai_cache",
            # Django culls a third of the table past MAX_ENTRIES (300 by default): so few would
            # let a burst of failed lookups wipe the throttles' counts.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese by default, English available (LocaleMiddleware picks from the request).
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# Static files are served by the application itself (whitenoise, MIDDLEWARE above), under DEBUG
# too; `manage.py collectstatic` copies them to STATIC_ROOT (`make serve` runs it).
STATIC_URL = "static/"
STATIC_ROOT = env_path("GONGKAI_STATIC_ROOT", default=BASE_DIR / "var" / "static")
# The manifest storage gives each collected file a content hash in its name (cached for ten years
# by browsers and proxies), gzip and Brotli copies and, strict, an error for a page that names a
# file collectstatic did not collect. On by default when DEBUG is off; it needs collectstatic before
# the first request, which the development server and the test suite (DEBUG on) do not run.
GONGKAI_STATIC_MANIFEST = env_bool("GONGKAI_STATIC_MANIFEST", default=not DEBUG)
# Stored files (the default storage): attachments, applicants' uploads, the information served,
# notices and report files, each under its SHA-256 (gongkai.core.stored_files), copied by
# `gongkai backup` beside the database. Never served by URL: downloads go through the
# permission-checked views. Local: MEDIA_ROOT (absolute path; default var/media). Shared by
# several app servers: an S3-compatible bucket (GONGKAI_S3_BUCKET, through django-storages),
# credentials from the usual AWS_* variables (or the instance's role), the bucket kept private.
MEDIA_ROOT = env_path("GONGKAI_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "media/"
GONGKAI_S3_BUCKET = env_str("GONGKAI_S3_BUCKET", default="")
_DEFAULT_STORAGE: dict = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if GONGKAI_S3_BUCKET:
    _DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": GONGKAI_S3_BUCKET,
            "endpoint_url": env_str("GONGKAI_S3_ENDPOINT_URL", default="") or None,
            "region_name": env_str("GONGKAI_S3_REGION", default="") or None,
            # A name is never written twice (stored_files checks first); no public ACL.
            "file_overwrite": False,
            "default_acl": None,
        },
    }
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if GONGKAI_STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Read from the apps' static/ folders on each request under DEBUG (no collectstatic needed), from
# STATIC_ROOT, indexed once at start-up, otherwise. Decided here rather than on django.conf's DEBUG
# at run time, which the test runner turns off.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Seconds a public portal page is kept for anonymous readers (portal.page_cache); 0: not cached.
# Off under DEBUG, so that a developer sees each change at once.
GONGKAI_PORTAL_CACHE_SECONDS = env_int(
    "GONGKAI_PORTAL_CACHE_SECONDS", default=0 if DEBUG else 300, min_value=0
)

# Largest accepted upload (a report file, an application attachment), in bytes.
GONGKAI_UPLOAD_MAX_BYTES = env_int(
    "GONGKAI_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024, min_value=1
)
# Largest request body, in bytes, refused unread beyond (a form may carry several files).
# Default (0): four of the largest upload and 1 MB of fields.
GONGKAI_REQUEST_MAX_BYTES = env_int("GONGKAI_REQUEST_MAX_BYTES", default=0, min_value=0)
# Largest file an applicant attaches to the online form (proof of identity, authorisation).
GONGKAI_APPLICANT_UPLOAD_MAX_BYTES = env_int(
    "GONGKAI_APPLICANT_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024, min_value=1
)

# Years an application's personal information is kept after it closes (`gongkai
# purge_personal_data`, applications.retention): the law sets none; archives rules often mean 10.
GONGKAI_RETENTION_YEARS = env_int("GONGKAI_RETENTION_YEARS", default=10, min_value=1)

# Deadline conventions where the law is open (DOMAIN.md §2.1–2.2, [U]; docs/deadlines.md).
# Defaults: the receipt day is not counted (common practice); fee notice → payment still runs
# the clock (the stricter reading).
GONGKAI_DEADLINE_COUNT_RECEIPT_DAY = env_bool("GONGKAI_DEADLINE_COUNT_RECEIPT_DAY", default=False)
GONGKAI_FEE_PAUSES_CLOCK = env_bool("GONGKAI_FEE_PAUSES_CLOCK", default=False)

# E-mail. Mail leaves through the outbox (gongkai.core.outbox), sent by commands that cron runs
# (`gongkai remind`). Default backend: printed to the console when DEBUG is on, SMTP otherwise.
_EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}
_email_backend = env_str("GONGKAI_EMAIL_BACKEND", default="console" if DEBUG else "smtp")
if _email_backend not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"环境变量 GONGKAI_EMAIL_BACKEND 的值 {_email_backend!r} 无效：应为 smtp 或 console"
    )
EMAIL_BACKEND = _EMAIL_BACKENDS[_email_backend]
EMAIL_HOST = env_str("GONGKAI_EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("GONGKAI_EMAIL_PORT", default=25, min_value=1)
EMAIL_HOST_USER = env_str("GONGKAI_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("GONGKAI_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("GONGKAI_EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("GONGKAI_EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "环境变量 GONGKAI_EMAIL_USE_TLS 与 GONGKAI_EMAIL_USE_SSL 不能同时为 true"
        "（STARTTLS 一般用 587 端口，SSL 一般用 465 端口，二选一）"
    )
# Django waits for ever by default; a hung server would then hold an outbox claim (and cron).
EMAIL_TIMEOUT = env_int("GONGKAI_EMAIL_TIMEOUT", default=30, min_value=1)
DEFAULT_FROM_EMAIL = env_str("GONGKAI_DEFAULT_FROM_EMAIL", default="gongkai@localhost")
# Links in e-mail are absolute: the address staff open the site at, without a trailing slash.
# Behind a reverse proxy every request comes from the proxy's address; name the header it sets
# with the client's (e.g. X-Real-IP) so that per-client limits (the applicant lookup) work.
_client_header = env_str("GONGKAI_CLIENT_ADDRESS_HEADER", default="")
GONGKAI_CLIENT_ADDRESS_HEADER = (
    "HTTP_" + _client_header.upper().replace("-", "_") if _client_header else ""
)

GONGKAI_SITE_URL = env_str("GONGKAI_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
if not GONGKAI_SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"环境变量 GONGKAI_SITE_URL 的值 {GONGKAI_SITE_URL!r} 无效："
        "应为以 http:// 或 https:// 开头的网址，例如 https://gongkai.example.gov.cn"
    )

# Text messages (短信) to applicants leave through the outbox too (channel sms, gongkai.core.sms).
# file: one JSON line per message in GONGKAI_SMS_FILE_PATH; console: printed; http: a gateway.
GONGKAI_SMS_BACKEND = env_str("GONGKAI_SMS_BACKEND", default="file")
if GONGKAI_SMS_BACKEND not in ("file", "console", "http"):
    raise ImproperlyConfigured(
        f"环境变量 GONGKAI_SMS_BACKEND 的值 {GONGKAI_SMS_BACKEND!r} 无效："
        "应为 file、console 或 http"
    )
GONGKAI_SMS_FILE_PATH = env_path("GONGKAI_SMS_FILE_PATH", default=BASE_DIR / "var" / "sms.log")
GONGKAI_SMS_GATEWAY_URL = env_str(
    "GONGKAI_SMS_GATEWAY_URL",
    default=None if GONGKAI_SMS_BACKEND == "http" else "",
    reason="GONGKAI_SMS_BACKEND 为 http 时必须设置（短信网关接收 POST 的网址）",
)
if GONGKAI_SMS_GATEWAY_URL and not GONGKAI_SMS_GATEWAY_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        "环境变量 GONGKAI_SMS_GATEWAY_URL 无效：应为以 http:// 或 https:// 开头的网址"
    )
GONGKAI_SMS_GATEWAY_USER = env_str("GONGKAI_SMS_GATEWAY_USER", default="")
GONGKAI_SMS_GATEWAY_PASSWORD = env_str("GONGKAI_SMS_GATEWAY_PASSWORD", default="")
GONGKAI_SMS_GATEWAY_TEMPLATE = env_str(
    "GONGKAI_SMS_GATEWAY_TEMPLATE", default='{"to": "{to}", "text": "{text}"}'
)
if GONGKAI_SMS_BACKEND == "http":
    _problems = [
        f"缺少占位符 {p}" for p in ("{to}", "{text}") if p not in GONGKAI_SMS_GATEWAY_TEMPLATE
    ]
    try:
        json.loads(GONGKAI_SMS_GATEWAY_TEMPLATE.replace("{to}", "1").replace("{text}", "x"))
    except ValueError as _error:
        _problems.append(f"不是有效的 JSON（{_error}）")
    if _problems:
        raise ImproperlyConfigured(
            f"环境变量 GONGKAI_SMS_GATEWAY_TEMPLATE 无效：{'；'.join(_problems)}。"
            '应为含 {to} 与 {text} 占位符的 JSON，例如 {"mobile": "{to}", "content": "{text}"}'
        )
# Seconds to wait for the gateway; far below the outbox's claim timeout (15 minutes).
GONGKAI_SMS_TIMEOUT = env_int("GONGKAI_SMS_TIMEOUT", default=10, min_value=1)

# Staff sign in with Django's own login view; applicants never need an account.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "applications:workload"
LOGOUT_REDIRECT_URL = "login"

# -- HTTPS and security headers (`make check-deploy` checks them) ------------------------------
# With DEBUG on (make run, the test suite) none of this gets in the way: no redirect to HTTPS,
# cookies sent over plain HTTP too. With DEBUG off the defaults are the safe ones; the redirect
# and HSTS follow GONGKAI_SITE_URL, the address the site is declared to be served at: an https://
# address turns them on, while `make serve` on a developer machine (http://127.0.0.1:8000) still
# answers over plain HTTP. Each can be set on its own.
_https_site = not DEBUG and GONGKAI_SITE_URL.startswith("https://")
SECURE_SSL_REDIRECT = env_bool("GONGKAI_SSL_REDIRECT", default=_https_site)
# HSTS is only ever sent on HTTPS responses (SecurityMiddleware), so a plain-HTTP setup is not
# locked out by it; a year is what browsers' preload lists ask for.
SECURE_HSTS_SECONDS = env_int(
    "GONGKAI_HSTS_SECONDS", default=365 * 24 * 3600 if _https_site else 0, min_value=0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("GONGKAI_HSTS_INCLUDE_SUBDOMAINS", default=_https_site)
# Off by default: with the token, anyone may submit the domain to the browsers' preload list, and
# leaving the list takes months. It is the domain owner's decision (hstspreload.org takes only the
# registrable domain, e.g. example.gov.cn, and then binds every site under it), not a default for
# one site; so `check --deploy` does not ask for it (W021, below).
SECURE_HSTS_PRELOAD = env_bool("GONGKAI_HSTS_PRELOAD", default=False)
# Browsers keep Secure cookies on http://localhost and http://127.0.0.1 too, so `make serve`
# still signs in; an intranet site served over plain HTTP sets both to false.
SESSION_COOKIE_SECURE = env_bool("GONGKAI_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("GONGKAI_CSRF_COOKIE_SECURE", default=not DEBUG)
# The header a TLS-terminating proxy sets on HTTPS requests: NAME (value https) or NAME=VALUE,
# e.g. X-Forwarded-Proto or X-Forwarded-Ssl=on. Unset: gunicorn already reads X-Forwarded-Proto
# from a proxy on this machine (FORWARDED_ALLOW_IPS); Django must trust such a header only when
# the proxy always sets it (and strips the client's own), else a client could claim HTTPS.
_proxy_header = env_str("GONGKAI_PROXY_SSL_HEADER", default="")
if _proxy_header:
    _proxy_name, _, _proxy_value = _proxy_header.partition("=")
    if not _proxy_name.strip() or not all(c.isalnum() or c == "-" for c in _proxy_name.strip()):
        raise ImproperlyConfigured(
            f"环境变量 GONGKAI_PROXY_SSL_HEADER 的值 {_proxy_header!r} 无效："
            "应为请求头名称（可带 =值），例如 X-Forwarded-Proto 或 X-Forwarded-Ssl=on"
        )
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _proxy_name.strip().upper().replace("-", "_"),
        _proxy_value.strip() or "https",
    )
# Origins (scheme://host[:port]) from which a form may be posted, besides the site's own host.
# Default: the origin of GONGKAI_SITE_URL, which is right when the proxy rewrites the Host header.
_site_parts = urlsplit(GONGKAI_SITE_URL)
CSRF_TRUSTED_ORIGINS = env_list(
    "GONGKAI_CSRF_TRUSTED_ORIGINS", default=[f"{_site_parts.scheme}://{_site_parts.netloc}"]
)
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")) or _origin.rstrip("/").count("/") > 2:
        raise ImproperlyConfigured(
            f"环境变量 GONGKAI_CSRF_TRUSTED_ORIGINS 中的 {_origin!r} 无效："
            "应为 https://主机名[:端口]，不带路径，例如 https://gongkai.example.gov.cn"
        )
_REFERRER_POLICIES = (
    "no-referrer",
    "no-referrer-when-downgrade",
    "origin",
    "origin-when-cross-origin",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
    "unsafe-url",
)
# same-origin: a link to another site does not tell it which page (e.g. which application) it
# was followed from.
SECURE_REFERRER_POLICY = env_str("GONGKAI_REFERRER_POLICY", default="same-origin")
if SECURE_REFERRER_POLICY not in _REFERRER_POLICIES:
    raise ImproperlyConfigured(
        f"环境变量 GONGKAI_REFERRER_POLICY 的值 {SECURE_REFERRER_POLICY!r} 无效："
        f"应为 {'、'.join(_REFERRER_POLICIES)} 之一"
    )
# DENY: no page of the site may be framed by another (clickjacking); SAMEORIGIN lets the site
# frame itself. The policy's frame-ancestors (below) says the same to newer browsers.
X_FRAME_OPTIONS = env_str("GONGKAI_X_FRAME_OPTIONS", default="DENY").upper()
if X_FRAME_OPTIONS not in ("DENY", "SAMEORIGIN"):
    raise ImproperlyConfigured(
        f"环境变量 GONGKAI_X_FRAME_OPTIONS 的值 {X_FRAME_OPTIONS!r} 无效：应为 DENY 或 SAMEORIGIN"
    )
# Not settable: there is no page that needs a browser to guess a file's type, or to share its
# window with a page of another origin.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload, the domain owner's decision (above)

# -- Content-Security-Policy (django-csp) ------------------------------------------------------
# No inline script: every script is a file under static/ (tests/test_csp.py looks at every kind
# of page). Styles do allow 'unsafe-inline': two dozen templates carry a <style> block or a style
# attribute. Injected CSS cannot run code, and every template escapes what it shows; moving the
# styles into files would let this go.
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF, "'unsafe-inline'"],
        "img-src": [_SELF, "data:"],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "frame-ancestors": [_NONE if X_FRAME_OPTIONS == "DENY" else _SELF],
        "form-action": [_SELF],
    }
}

# -- Sessions (gongkai.core.security) ----------------------------------------------------------
# A session (signed-in staff, an applicant's lookup) ends after this many minutes without a
# request, to within a minute, and when the browser closes: a shared office computer or a public
# terminal does not stay signed in. The applicants' sessions follow the same limit.
GONGKAI_STAFF_IDLE_MINUTES = env_int("GONGKAI_STAFF_IDLE_MINUTES", default=30, min_value=1)
SESSION_ENGINE = "gongkai.core.security"
SESSION_COOKIE_AGE = GONGKAI_STAFF_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# -- Two-factor sign-in (django-otp; gongkai.core.two_factor) ----------------------------------
# Optional per user: each staff member turns it on for themselves at /accounts/two-factor/.
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "Gongkai"
# django-otp's own growing delay after a wrong code is off: wrong codes count in the sign-in's
# lockout (gongkai.core.accounts), with the wrong passwords; one rule in one place.
OTP_TOTP_THROTTLE_FACTOR = 0

# -- Logging and error mail --------------------------------------------------------------------
# Everything to standard error (gunicorn and systemd keep it), each line starting with the time,
# the level and the request's id (gongkai.core.request_id), a traceback's lines too. Errors are
# also mailed to ADMINS when DEBUG is off (Django's AdminEmailHandler, through EMAIL_* above).
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
GONGKAI_LOG_LEVEL = env_str("GONGKAI_LOG_LEVEL", default="INFO").upper()
if GONGKAI_LOG_LEVEL not in _LOG_LEVELS:
    raise ImproperlyConfigured(
        f"环境变量 GONGKAI_LOG_LEVEL 的值 {GONGKAI_LOG_LEVEL!r} 无效："
        f"应为 {'、'.join(_LOG_LEVELS)} 之一"
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "gongkai.core.request_id.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "line": {
            "()": "gongkai.core.request_id.EveryLineFormatter",
            "format": "%(asctime)s %(levelname)s %(request_id)s %(name)s: %(message)s",
        }
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "line",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stderr"], "level": GONGKAI_LOG_LEVEL},
    # Django's own console handler (DEBUG only) is replaced by the root's, so no line shows twice;
    # its records reach the root by propagation. runserver's request lines (django.server) stay.
    "loggers": {"django": {"handlers": ["mail_admins"], "level": GONGKAI_LOG_LEVEL}},
}
# Who gets the error mail: "Name <address>" or plain addresses, comma-separated. Default: nobody.
ADMINS = []
for _name, _address in getaddresses([env_str("GONGKAI_ADMINS", default="")]):
    if "@" not in _address:
        raise ImproperlyConfigured(
            f"环境变量 GONGKAI_ADMINS 中的 {_address or _name!r} 无效：应为电子邮件地址，"
            "多个用逗号分隔，可带姓名，例如 运维组 <ops@example.gov.cn>,admin@example.gov.cn"
        )
    ADMINS.append((_name or _address, _address))
# The From address of the error mail (some SMTP servers refuse other senders). Default: the
# address of every other message.
SERVER_EMAIL = env_str("GONGKAI_SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[Gongkai] "
# The error mail says where the failure was, not what the applicant typed (core.error_reports).
DEFAULT_EXCEPTION_REPORTER = "gongkai.core.error_reports.PersonalDataExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "gongkai.core.error_reports.PersonalDataReporterFilter"
