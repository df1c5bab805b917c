"""Retour settings. Everything a deployment changes comes from the environment
(see README, "Settings"); the parsers in retour.env fail loudly on bad values."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from retour.env import env_bool, env_choice, env_int, env_int_list, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("RETOUR_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("RETOUR_DEBUG", False)
SECRET_KEY = env_str("RETOUR_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("RETOUR_SECRET_KEY (or RETOUR_SECRET_KEY_FILE) must be set when RETOUR_DEBUG is off")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("RETOUR_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("RETOUR_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from here, not from a CDN
    "django_countries",
    "core",
    "organisations",
    "people",
    "cases",
    "counselling",
    "eligibility",
    "tasks",
    "travel",
    "reintegration",
    "guides",
    "countries",
    "exchanges",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.OfficeTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "retour.urls"
WSGI_APPLICATION = "retour.wsgi.application"

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
                "core.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite under var/ unless RETOUR_DATABASE_URL names another
# (postgres://user:password@host:port/name).
_default_sqlite = f"sqlite:///{VAR_DIR / 'retour.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(env_str("RETOUR_DATABASE_URL", _default_sqlite), conn_max_age=60)}
except ValueError as exc:
    raise ImproperlyConfigured(f"RETOUR_DATABASE_URL: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers work during a write; synchronous=FULL makes a commit
    # survive a power cut, not only a crash of the app; IMMEDIATE takes the write lock at
    # the start of a transaction, so two writers queue instead of deadlocking.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=20000;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Kosovo has no ISO 3166 code yet; XK is the user-assigned code the EU uses.
COUNTRIES_OVERRIDE = {"XK": _("Kosovo")}

LANGUAGE_CODE = "en"
FORMAT_MODULE_PATH = ["retour.formats"]
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("nl", _("Dutch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "retour" / "static"]
WHITENOISE_USE_FINDERS = True
# Attachments live on disk outside the database, served only through views
# that check access (never by the static or media server).
ATTACHMENTS_ROOT = Path(env_str("RETOUR_ATTACHMENTS_DIR", str(VAR_DIR / "attachments")))
ATTACHMENT_MAX_BYTES = env_int("RETOUR_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)

# Travel: how early people must be at the first place of departure, by mode,
# unless a booking says otherwise; and after how many days a pending
# laissez-passer request becomes a task to chase the consulate.
RETOUR_SHOW_UP_MINUTES = {
    "flight": env_int("RETOUR_SHOW_UP_MINUTES_FLIGHT", 180),
    "bus": env_int("RETOUR_SHOW_UP_MINUTES_BUS", 30),
    "train": env_int("RETOUR_SHOW_UP_MINUTES_TRAIN", 30),
}
RETOUR_LAISSEZ_PASSER_CHASE_DAYS = env_int("RETOUR_LAISSEZ_PASSER_CHASE_DAYS", 21)
# Reintegration: monitoring visits at these months after arrival, for a programme that names none.
RETOUR_MONITORING_MONTHS = env_int_list("RETOUR_MONITORING_MONTHS", [3, 6, 12])
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}[env_choice("RETOUR_EMAIL", "console", {"console", "file", "smtp"})]
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env_str("RETOUR_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("RETOUR_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("RETOUR_FROM_EMAIL", "retour@localhost")
# The address people reach the app at, for the links in emails.
RETOUR_SITE_URL = env_str("RETOUR_SITE_URL", "http://127.0.0.1:8000")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("RETOUR_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.problems.problem_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Retour API",
    "DESCRIPTION": "Case management for assisted voluntary return and reintegration.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("RETOUR_LOG_LEVEL", "WARNING")},
}
