"""Demo and development: embedded SQLite, emails written to var/mail."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = SECRET_KEY or "local-demo-secret-key-not-for-production-0123456789abcdefghij"  # noqa: F405
