"""One settings module, driven by environment variables (django-environ).

Defaults are the embedded developer setup: SQLite, local-memory cache, Celery tasks run eagerly.
Setting DATABASE_URL / REDIS_URL switches to PostgreSQL / Redis with a real Celery worker.
Production sets DJANGO_DEBUG=false, which makes DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS
mandatory and turns on the HTTPS hardening that `manage.py check --deploy` looks for.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

_TRUE_WORDS = {"true", "yes", "on", "1"}
_FALSE_WORDS = {"false", "no", "off", "0"}


def env_flag(name: str, *, default: bool) -> bool:
    """A yes/no environment variable, parsed strictly: a typo such as ``DJANGO_DEBUG=Ture`` stops
    the start-up instead of reading as false (django-environ reads every unknown word as false)."""
    raw = env.str(name, default="").strip()
    if not raw:
        return default
    if raw.lower() in _TRUE_WORDS:
        return True
    if raw.lower() in _FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a yes/no value; use one of "
        f"{', '.join(sorted(_TRUE_WORDS | _FALSE_WORDS))}."
    )


DEBUG = env_flag("DJANGO_DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env.str(
        "DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production"
    )
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    # Fail loudly rather than run production on a guessable key or an open host list.
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters long.")

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "dbi_portal.apps.PortalAdminConfig",  # django.contrib.admin whose site asks for the 2nd factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "import_export",
    "axes",
    # Second factor: TOTP devices and backup codes (django-otp), the login wizard, setup and
    # profile pages (django-two-factor-auth). enterprises/second_factor.py asks staff for it.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "dbi_portal.outbox",  # tasks queued in a transaction, until the broker has them
    "notifications",
    "enterprises",
    "assessments",
    "certification",
    "reports",
    "worklist",  # /me/: what waits for each person, read from the apps above
    "demo",  # seed_demo, seed_scale: on top of every app above
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Pages are in Vietnamese until English is chosen; only the API reads Accept-Language.
    "dbi_portal.language.PagesIgnoreAcceptLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A NUL character anywhere in the input is a 400, before any view (PostgreSQL refuses it).
    "dbi_portal.null_bytes.NullByteMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    # Staff who have not passed it are sent to set it up or enter a code.
    "enterprises.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A refusal a page lets through: the 403 page, or its message and back (dbi_portal/refusals.py).
    "dbi_portal.refusals.RefusalMiddleware",
    # Last, as django-axes asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

# https://django-axes.readthedocs.io/en/latest/4_configuration.html — login throttling.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("DBI_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("DBI_LOGIN_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "enterprises.auth.axes_username"
AXES_VERBOSE = False
# The client's address, one rule for the login lockout and the API throttles
# (dbi_portal/client_address.py): how many reverse proxies of ours stand in front of the app,
# each appending to X-Forwarded-For. 0 (the default, no proxy): REMOTE_ADDR, and the header,
# which anyone can write, is ignored. Behind one TLS-terminating proxy: 1.
DBI_TRUSTED_PROXY_COUNT = env.int("DBI_TRUSTED_PROXY_COUNT", default=0)
if DBI_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("DBI_TRUSTED_PROXY_COUNT must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "dbi_portal.client_address.client_address"

ROOT_URLCONF = "dbi_portal.urls"

# Response headers that tell browsers what a page may do. Every page's scripts, styles, fonts
# and images come from our own static files (no inline script or style, no eval: JavaScript
# lives in static/js, htmx runs with allowEval off), nothing may frame a page, and forms post
# only to us. https://django-csp.readthedocs.io/en/latest/configuration.html
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Swagger UI's icons are data: URLs
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Powerful browser features no page of the portal uses, switched off for every page and any
# frame in it (django-permissions-policy writes the header).
PERMISSIONS_POLICY = dict.fromkeys(
    (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "serial",
        "xr-spatial-tracking",
        "browsing-topics",
    ),
    (),
)
# Links to other sites carry no address of ours; a page opened from another site cannot reach
# this window (both Django's defaults, stated here because they are part of the policy).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "dbi_portal.wsgi.application"

# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Covering indexes (INCLUDE) serve the PostgreSQL dashboards; SQLite, the embedded
    # development default, simply builds them without the extra columns.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
# Persistent connections: opening one costs more than a whole autosave. The health check
# replaces a connection the database dropped (a restart, a failover) before a request uses it.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "enterprises.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first; English through Django i18n (locale/).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language chosen with the selector is remembered for a year (by default only until the
# browser closes); pages ignore the browser's Accept-Language (dbi_portal/language.py).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# Vietnamese groups thousands (12.345) where a template asks for grouping.
FORMAT_MODULE_PATH = ["dbi_portal.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Where uploaded evidence, import files, certificate PDFs and report files are kept: the local
# disk (MEDIA_ROOT) by default, or an S3-compatible object store (AWS S3, MinIO, Ceph…) when
# DJANGO_STORAGE=s3 or a bucket is named, so that several web servers and workers share them
# (README "Chạy trên nhiều máy chủ"). The files stay private: no ACL (the bucket's own, private
# policy), signed URLs only, and every download goes through the portal's views and their checks.
# https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
DJANGO_STORAGE = env.str(
    "DJANGO_STORAGE", default="s3" if AWS_STORAGE_BUCKET_NAME else "filesystem"
)
if DJANGO_STORAGE not in {"filesystem", "s3"}:
    raise ImproperlyConfigured(f"DJANGO_STORAGE={DJANGO_STORAGE!r}: use filesystem or s3.")
if DJANGO_STORAGE == "s3":
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("DJANGO_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    _DEFAULT_STORAGE: dict = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            # Empty: AWS itself; otherwise the store's address (http://minio:9000).
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # Empty: boto3 looks further (instance role, ~/.aws), as it does for any AWS client.
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            # MinIO and most self-hosted stores want path-style addresses (host/bucket/key).
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
            "default_acl": None,
            "querystring_auth": True,
            # Two uploads of the same name get two files (as on disk), never one replacing the
            # other: evidence keeps every file an enterprise attached.
            "file_overwrite": False,
        },
    }
else:
    _DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Enterprise list imports (enterprises/services/imports.py): the upload is refused past
# DBI_IMPORT_MAX_BYTES; the background check stops reading at
# DBI_IMPORT_MAX_ROWS rows (blank ones included); an XLSX may unpack to 2 KB a row plus 2 MB.
DBI_IMPORT_MAX_BYTES = env.int("DBI_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
DBI_IMPORT_MAX_ROWS = env.int("DBI_IMPORT_MAX_ROWS", default=5_000)
if DBI_IMPORT_MAX_BYTES < 1024 or DBI_IMPORT_MAX_ROWS < 1:
    raise ImproperlyConfigured("DBI_IMPORT_MAX_BYTES must be ≥ 1024 and DBI_IMPORT_MAX_ROWS ≥ 1.")
# No uploaded file is kept past this many bytes while it is received (the largest file any form
# accepts: evidence, 10 MB): the rest is read and dropped, and the form refuses it as too large.
DBI_UPLOAD_MAX_BYTES = env.int("DBI_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
if DBI_UPLOAD_MAX_BYTES < DBI_IMPORT_MAX_BYTES:
    raise ImproperlyConfigured("DBI_UPLOAD_MAX_BYTES must be at least DBI_IMPORT_MAX_BYTES.")
FILE_UPLOAD_HANDLERS = [
    "dbi_portal.uploads.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# How long a rendered page of the public honour list or rankings is served from the cache
# (dbi_portal/public_cache.py): a new or revoked certificate shows there within this time.
DBI_PUBLIC_CACHE_SECONDS = env.int("DBI_PUBLIC_CACHE_SECONDS", default=120)

# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env_flag("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged when it has run, not when it starts, and a worker process that dies
# (killed, out of memory) puts it back in the queue: every task is idempotent, so running one
# again is safe, and losing one is not.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A send to a broker that is down gives up within a second or two (the outbox keeps the message
# for the relay) instead of holding the user's request.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# https://docs.celeryq.dev/en/stable/userguide/periodic-tasks.html — run by `celery beat`.
CELERY_BEAT_SCHEDULE = {
    "certificates-expire-daily": {
        "task": "certification.tasks.certificates_expire_task",
        "schedule": crontab(hour=0, minute=10),
    },
    "outbox-relay": {"task": "dbi_portal.outbox.relay", "schedule": 30.0},
}

# Certificates: how long one is valid, and the key of the verification codes printed on them.
# Codes are HMACs under this key; changing it invalidates every code already printed, so
# production sets its own key (when empty, one is derived from DJANGO_SECRET_KEY).
DBI_CERTIFICATE_VALIDITY_DAYS = env.int("DBI_CERTIFICATE_VALIDITY_DAYS", default=365)
DBI_CERTIFICATE_HMAC_KEY = env.str("DBI_CERTIFICATE_HMAC_KEY", default="")
if DBI_CERTIFICATE_VALIDITY_DAYS < 1:
    raise ImproperlyConfigured("DBI_CERTIFICATE_VALIDITY_DAYS must be at least 1.")

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
# The portal's public address, for links in emails and the certificates' QR codes, which are made
# by background tasks with no request to take the host from. Production must say it: a default
# would print a developer's address on every certificate.
DBI_SITE_URL = env.str("DBI_SITE_URL", default="").rstrip("/") or (
    "http://127.0.0.1:8000" if DEBUG else ""
)
if not DBI_SITE_URL:
    raise ImproperlyConfigured(
        "DBI_SITE_URL must be set in production, e.g. https://dbi.example.gov.vn "
        "(it is printed in emails and on every certificate's QR code)."
    )
if not DBI_SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        f"DBI_SITE_URL={DBI_SITE_URL!r} must start with https:// or http://."
    )
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="DBI Portal <no-reply@localhost>")

REST_FRAMEWORK = {
    # drf-spectacular's, adding the answers every operation can give (400, 403, 404, 429, …).
    "DEFAULT_SCHEMA_CLASS": "dbi_portal.api_schema.PortalAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "NUM_PROXIES": DBI_TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "score": env.str("DBI_SCORE_API_RATE", default="120/min"),
        "certificates": env.str("DBI_CERTIFICATE_API_RATE", default="60/min"),
    },
    "EXCEPTION_HANDLER": "dbi_portal.api_errors.structured_exception_handler",
}

# https://drf-spectacular.readthedocs.io/en/latest/settings.html
# The sidecar serves Swagger UI from our own static files: no CDN on a closed network.
SPECTACULAR_SETTINGS = {
    "TITLE": "DBI Portal API",
    "DESCRIPTION": "Digital Business Indicators: framework catalog and scoring.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several serializers have a ``kind``: the one of how a criterion is asked gets its own name.
    "ENUM_NAME_OVERRIDES": {"QuestionKindEnum": "assessments.models.QuestionKind"},
}

LOGIN_URL = "login"  # django-two-factor-auth's login wizard (enterprises/views/accounts.py)
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "calculator"
# An email verification or password reset link stays valid this long.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60

# Second factor (README "Second factor (2FA)"): administrators, province officers and ministry
# reviewers must pass a TOTP code or a backup code before any staff page or API call
# (enterprises/second_factor.py); enterprises and consultants may opt in on /me/. Only a test or
# an emergency turns it off. The password step of the login must be followed by the code within
# TWO_FACTOR_LOGIN_TIMEOUT seconds.
DBI_REQUIRE_STAFF_2FA = env_flag("DBI_REQUIRE_STAFF_2FA", default=True)
TWO_FACTOR_LOGIN_TIMEOUT = 600

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint logs each rendering step at INFO: a worker rendering hundreds of PDFs keeps only
    # its warnings (unsupported CSS, refused URLs).
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
