"""Rendered fragments kept in each server process, addressed by what they show.

`fragment(name, inputs, render)` returns `render()`'s text, rendering it only the first time this process sees
`name` with these `inputs` in the current language and time zone. The key is a digest of everything the fragment
depends on, so there is nothing to invalidate: when a shown value changes (a place taken, a time moved, a title
edited) the key changes and the next page renders afresh; entries no longer asked for fall out of the bounded,
least-recently-used table. Never put per-person or secret data in a fragment: callers fill those in afterwards
(a CSRF token, "you are signed up") from the request.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.utils import timezone, translation

MAX_ENTRIES = 512

_entries: OrderedDict[bytes, str] = OrderedDict()
_lock = threading.Lock()


def fragment_key(name: str, inputs: Hashable) -> bytes:
    text = repr((name, translation.get_language(), timezone.get_current_timezone_name(), inputs))
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def fragment(name: str, inputs: Hashable, render: Callable[[], str]) -> str:
    key = fragment_key(name, inputs)
    with _lock:
        text = _entries.get(key)
        if text is not None:
            _entries.move_to_end(key)
            return text
    text = render()
    with _lock:
        _entries[key] = text
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return text


def fragments_clear() -> None:
    with _lock:
        _entries.clear()
