"""What the translations app tells other apps, without knowing them."""

from django.dispatch import Signal

translation_published = Signal()
"""A reviewer published (or re-validated) a translation; sent once its transaction has committed.

Keyword argument ``translation``. The directory re-indexes the translated service for search, for instance.
"""
