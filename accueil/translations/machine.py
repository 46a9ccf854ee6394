"""Machine pre-translation, off by default.

Set ``MACHINE_TRANSLATION_PROVIDER`` to the dotted path of a class with
``translate(self, text: str, *, source: str, target: str) -> str``. A provider only pre-fills a proposal flagged
"machine"; a human reviewer still decides. With the setting empty (the default) nothing is ever called.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class MachineTranslationProvider(Protocol):
    def translate(self, text: str, *, source: str, target: str) -> str: ...


def get_provider() -> MachineTranslationProvider | None:
    dotted = getattr(settings, "MACHINE_TRANSLATION_PROVIDER", None)
    if not dotted:
        return None
    return import_string(dotted)()
