"""Settings shared by every environment; each value that differs comes from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_q",
    "ninja",  # serves the API docs' Swagger UI from our own static files, never from a CDN
    "accueil.core",
    "accueil.notifications",
    "accueil.audit",
    "accueil.languages",
    "accueil.territories",
    "accueil.accounts",
    "accueil.organisations",
    "accueil.portal",
    "accueil.api",
    "accueil.volunteering",
    "accueil.participation",
    "accueil.mentoring",
    "accueil.plan",
    "accueil.donations",
    "accueil.translations",
    "accueil.directory",
    "accueil.guide",
    "accueil.outreach",
    "accueil.shelters",
    "accueil.hosting",
    "accueil.learning",
    "accueil.evaluation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "accueil.core.nulbytes.NulBytesRefusedMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accueil.territories.middleware.CityMiddleware",
    "accueil.accounts.middleware.SensitiveRoleTwoFactorMiddleware",
    "accueil.api.idempotency.IdempotencyKeyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# Every form drawn by one field template and one form template (accueil.portal.renderers).
FORM_RENDERER = "accueil.portal.renderers.FormRenderer"

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
                "accueil.portal.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'accueil.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the worker share the embedded database.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages -----------------------------------------------------------------------------------
# French is the source of truth for users; untranslated strings fall back to the French catalogue.
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", "Français"),
    ("en", "English"),
    ("ar", "العربية"),
    ("fa", "دری / فارسی"),
    ("ps", "پښتو"),
    ("ti", "ትግርኛ"),
    ("am", "አማርኛ"),
]
LANGUAGES_BIDI = ["ar", "fa", "ps"]
LANG_INFO.update(
    {
        "ps": {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"},
        "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
        "am": {"bidi": False, "code": "am", "name": "Amharic", "name_local": "አማርኛ"},
    }
)
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date formats for the languages Django has none for (ps, ti, am); their month names are in the catalogues.
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Paris"
LANGUAGE_COOKIE_NAME = "accueil_language"
LANGUAGE_COOKIE_SECURE = False
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Sessions and security ----------------------------------------------------------------------
# Sessions are read on every signed-in request. With a cache shared by every web process (Redis:
# DJANGO_CACHE_BACKEND=django.core.cache.backends.redis.RedisCache, DJANGO_CACHE_LOCATION=redis://...), set
# DJANGO_SESSION_ENGINE=django.contrib.sessions.backends.cached_db: reads come from the cache, writes go to both,
# and the database stays the reference. Never combine cached_db with a per-process cache (LocMemCache) when
# several processes serve the site: a session ended in one process would stay valid in another's memory.
# See docs/deploy.md.
SESSION_ENGINE = os.environ.get("DJANGO_SESSION_ENGINE", "django.contrib.sessions.backends.db")
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

CACHES = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": os.environ.get("DJANGO_CACHE_LOCATION", "accueil_cache"),
    }
}

# --- Accounts (django-allauth) ---------------------------------------------------------------------
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
# How many proxies of ours stand in front of the application servers (docs/deploy.md: one load balancer). The
# client's address is then read from X-Forwarded-For (accueil.core.net.client_ip); the authentication library's
# login limit uses the same count, so it counts per visitor, not per proxy.
ACCUEIL_TRUSTED_PROXY_COUNT = int(os.environ.get("ACCUEIL_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = ACCUEIL_TRUSTED_PROXY_COUNT

ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/h/ip",
    "reset_password": "5/h/ip,3/h/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_ADAPTER = "accueil.accounts.adapter.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Accueil"
MFA_RECOVERY_CODE_COUNT = 10
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGIN_URL = "account_login"

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Accueil <no-reply@accueil.invalid>")

# SMS: provider interface; the file backend writes messages under var/sms.
SMS_BACKEND = os.environ.get("ACCUEIL_SMS_BACKEND", "accueil.accounts.sms.FileSmsBackend")
SMS_FILE_PATH = os.environ.get("ACCUEIL_SMS_FILE_PATH", str(BASE_DIR / "var" / "sms"))

# --- Background worker (django-q2 with the database as broker) -----------------------------------
Q_CLUSTER = {
    "name": "accueil",
    "orm": "default",
    "workers": int(os.environ.get("ACCUEIL_WORKERS", "1")),
    "timeout": 300,
    "retry": 360,
    "max_attempts": 3,
    "catch_up": False,
    "poll": 1,
    "label": "Background jobs",
}

# --- Tenancy ---------------------------------------------------------------------------------------
ACCUEIL_DEFAULT_CITY = os.environ.get("ACCUEIL_DEFAULT_CITY", "paris")
# Each process keeps the city of a host name this many seconds (0: look it up on every request).
ACCUEIL_CITY_CACHE_SECONDS = int(os.environ.get("ACCUEIL_CITY_CACHE_SECONDS", "60"))

# --- Field-level encryption of personal data (accueil.core.sensitive) -------------------
# Comma-separated Fernet keys, newest first (the first encrypts, all decrypt).
ACCUEIL_FIELD_ENCRYPTION_KEYS = env_list("ACCUEIL_FIELD_ENCRYPTION_KEYS")
MENTORING_RETENTION_DAYS = int(os.environ.get("ACCUEIL_MENTORING_RETENTION_DAYS", "365"))

# --- API -------------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
