"""Settings for the test suite: the real ones, in development mode, with a
fast password hasher. RETOUR_DATABASE_URL still selects SQLite or PostgreSQL."""

import os

os.environ.setdefault("RETOUR_DEBUG", "1")
os.environ.setdefault("RETOUR_SECURE_COOKIES", "0")
os.environ.setdefault("RETOUR_EMAIL", "console")

from retour.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
