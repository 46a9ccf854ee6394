"""Reading an instance in the JSON format (``accueil.matching.instance`` documents it): large files straight into
arrays by ``accueil.matching.scan``, anything else by parsing the document (``instance.read_document_arrays``).

This module sits above both, so that neither imports the other's caller.
"""

from __future__ import annotations

from pathlib import Path

from accueil.matching.instance import ArrayInstance, gc_paused, read_document_arrays
from accueil.matching.model import InstanceError
from accueil.matching.scan import scan_arrays


def parse_instance_json(text: bytes | str) -> ArrayInstance:
    """Parse and validate an instance in the JSON format (see the module docstring)."""
    with gc_paused():
        return read_arrays(text)[1]


def read_arrays(text: bytes | str) -> tuple[object, ArrayInstance]:
    """Parse (orjson, the json module when needed: see `instance`) and validate; also return the document.

    Large files in the usual layout are first read straight into arrays (``accueil.matching.scan``); the
    document is then ``None``. Otherwise the caller decides when the parsed document (millions of small
    objects on large instances) is freed.
    """
    if isinstance(text, bytes):
        scanned = scan_arrays(text)
        if scanned is not None:
            return None, scanned
    return read_document_arrays(text)


def read_file(path: str | Path) -> bytes:
    """The bytes of an instance file; ``InstanceError`` when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise InstanceError(f"cannot read {path}: {error.strerror or error}") from None


def load_instance_json(path: str | Path) -> ArrayInstance:
    """Read, parse and validate an instance file."""
    return parse_instance_json(read_file(path))
