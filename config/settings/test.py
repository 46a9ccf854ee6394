"""Tests: PostgreSQL from DATABASE_URL (SQLite when absent), fast hashing, synchronous jobs."""

from .base import *  # noqa: F403

SECRET_KEY = "test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-0123456789"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "accueil.accounts.sms.MemorySmsBackend"
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
# Test databases are rolled back between tests: look the city up on every request (tests of the cache turn it on).
ACCUEIL_CITY_CACHE_SECONDS = 0
ACCUEIL_FIELD_ENCRYPTION_KEYS = ["G8ZQ2n6m0d3q0m2mJ0y1m3Yx9a1d9s8VqV0pQeQyX2U="]  # test key only
