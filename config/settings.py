"""Settings, driven by the environment with production-safe defaults.

Development conveniences (debug pages, demo data) are only switched on by ``QMS_DEBUG=1``;
everything else defaults to what a production installation needs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("QMS_DEBUG")
TESTING = env_bool("QMS_TESTING")

SECRET_KEY = os.environ.get("QMS_SECRET_KEY", "")
# Or read from a file (``make run`` generates var/secret_key once, readable by its owner only).
if not SECRET_KEY and os.environ.get("QMS_SECRET_KEY_FILE"):
    try:
        SECRET_KEY = Path(os.environ["QMS_SECRET_KEY_FILE"]).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ImproperlyConfigured(f"QMS_SECRET_KEY_FILE cannot be read: {exc}") from exc
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-do-not-use-in-production"
    else:
        raise ImproperlyConfigured("QMS_SECRET_KEY (or QMS_SECRET_KEY_FILE) must be set when QMS_DEBUG is off.")

ALLOWED_HOSTS = env_list("QMS_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("QMS_CSRF_TRUSTED_ORIGINS")

# Demo data may only be loaded where explicitly allowed (make run sets it).
QMS_ALLOW_DEMO = env_bool("QMS_ALLOW_DEMO", default=DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "qms.core",
    "qms.people",
    "qms.organisations",
    "qms.obligations",
    "qms.legal",
    "qms.documents",
    "qms.procedures",
    "qms.publication",
    "qms.assessments",
    "qms.inspections",
    "qms.search",
    "qms.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Vietnamese unless the user chose English (profile) or the visitor did (session); never the
    # browser's Accept-Language: replaces django.middleware.locale.LocaleMiddleware.
    "qms.people.language.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "qms.core.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "qms.people.context_processors.workspace",
            ],
        },
    }
]

# --- Database: SQLite (WAL) unless DATABASE_URL is set -------------------------------------
SQLITE_PATH = Path(os.environ.get("QMS_SQLITE_PATH", BASE_DIR / "var" / "qms.sqlite3"))
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"],
            conn_max_age=int(os.environ.get("QMS_DB_CONN_MAX_AGE", "60")),
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = int(os.environ.get("QMS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = not TESTING or env_bool("QMS_AXES_IN_TESTS")

# --- Sessions, cookies, security headers ---------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
SECURE_COOKIES = env_bool("QMS_SECURE_COOKIES", default=not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env_bool("QMS_SSL_REDIRECT")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("QMS_BEHIND_PROXY") else None
SECURE_HSTS_SECONDS = int(os.environ.get("QMS_HSTS_SECONDS", "0"))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "qms.core.views.csrf_failure"  # the product's own Vietnamese 403 page

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
# Dates are typed and shown dd/mm/yyyy in both languages (never the American mm/dd/yyyy).
FORMAT_MODULE_PATH = ["config.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%Y-%m-%d"]
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files -------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("QMS_STATIC_ROOT", BASE_DIR / "var" / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("QMS_MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": os.environ.get("QMS_FILE_STORAGE") or "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# Files served at the site's root by WhiteNoise: /favicon.ico (browsers ask for it on every page).
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail --------------------------------------------------------------------------------
if os.environ.get("QMS_EMAIL_URL") or os.environ.get("QMS_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("QMS_EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("QMS_EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("QMS_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("QMS_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("QMS_EMAIL_TLS")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("QMS_DEFAULT_FROM_EMAIL", "iso@localhost")

# --- Background tasks ----------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "QMS_TASK_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend",
        )
    }
}

# --- Logging -------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("QMS_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

QMS_PAGE_SIZE = 25

# --- Files and search ---
# Uploaded files go through Django's storage API: local disk under MEDIA_ROOT by default (outside
# the web root: no MEDIA_URL route, never served by WhiteNoise; pages stream them after checking
# access), or an S3-compatible bucket when QMS_S3_BUCKET is set (optional extra: qms[s3]).
QMS_MAX_UPLOAD_BYTES = int(float(os.environ.get("QMS_MAX_UPLOAD_MB", "25")) * 1024 * 1024)
# A working day is 8 hours (Labour Code 2019, Art. 105); step times given in
# hours are converted with this when summed against a procedure's time limit in working days.
QMS_WORKING_HOURS_PER_DAY = int(os.environ.get("QMS_WORKING_HOURS_PER_DAY", "8"))
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
QMS_S3_BUCKET = os.environ.get("QMS_S3_BUCKET", "")
if QMS_S3_BUCKET:
    import importlib.util

    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured("QMS_S3_BUCKET is set but django-storages is not installed: install qms[s3].")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": QMS_S3_BUCKET,
            "endpoint_url": os.environ.get("QMS_S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("QMS_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("QMS_S3_SECRET_KEY") or None,
            "region_name": os.environ.get("QMS_S3_REGION") or None,
            "location": os.environ.get("QMS_S3_PREFIX", ""),
            "default_acl": None,  # objects stay private (bucket default); ACLs may be disabled
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
# Search ranks at most this many matching entries per query (and counts up to it: "more than N");
# unset: 10,000 on SQLite, 2,000 on PostgreSQL (qms.core.search.DEFAULT_CANDIDATES).
QMS_SEARCH_CANDIDATES = int(os.environ["QMS_SEARCH_CANDIDATES"]) if os.environ.get("QMS_SEARCH_CANDIDATES") else None
