"""Text normalisation, one function for every search of the platform: the same word typed in any script or
spelling gives the same tokens.

NFKC, case-folding, diacritics and Arabic tashkeel/tatweel removed, Arabic/Persian letter variants unified
(ي/ی/ى, ك/ک, ة/ه, أ/إ/آ → ا), zero-width joiners dropped; Ethiopic letters that Amharic and Tigrinya both
pronounce alike folded to one series, each order kept: ሠ → ሰ, ፀ → ጸ, and the obsolete ኀ → ሀ ("ፀሐይ" and "ጸሐይ"
give the same word). ሐ and ዐ stay apart: Tigrinya pronounces them differently from ሀ and አ.
"""

from __future__ import annotations

import re
import unicodedata

_LETTER_MAP = str.maketrans(
    {
        "\u06cc": "\u064a",  # Persian yeh → Arabic yeh
        "\u0649": "\u064a",  # alef maksura → yeh
        "\u06a9": "\u0643",  # keheh → kaf
        "\u0629": "\u0647",  # teh marbuta → heh
        "\u06c1": "\u0647",  # heh goal → heh
        "\u0640": None,  # tatweel
        "\u200c": None,  # zero-width non-joiner
        "\u200d": None,  # zero-width joiner
        "\u200f": None,
        "\u200e": None,
        "\u00ad": None,  # soft hyphen
    }
)
# Ethiopic homophone series, each order (vowel) mapped to the same order of the common series.
for _variant, _common in ((0x1220, 0x1230), (0x1340, 0x1338), (0x1280, 0x1200)):
    _LETTER_MAP.update({_variant + order: chr(_common + order) for order in range(7)})
_WORD = re.compile(r"\w+", re.UNICODE)

STOP_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "d",
        "de",
        "des",
        "du",
        "en",
        "et",
        "l",
        "la",
        "le",
        "les",
        "un",
        "une",
        "pour",
        "par",
        "sur",
        "dans",
        "ou",
        "the",
        "and",
        "of",
        "for",
        "to",
        "in",
        "on",
        "at",
        "with",
        "an",
        "or",
    ]
)
MIN_TOKEN = 2
MAX_TOKEN = 40


def normalise(text: str) -> str:
    """Normalised form of a whole text (words separated by single spaces)."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.translate(_LETTER_MAP)
    text = unicodedata.normalize("NFC", text)
    return " ".join(_WORD.findall(text)).replace("_", " ")


def tokens(text: str) -> list[str]:
    """Normalised words worth indexing, in order, without stop words or one-letter words."""
    return [word[:MAX_TOKEN] for word in normalise(text).split() if len(word) >= MIN_TOKEN and word not in STOP_WORDS]


def trigrams(token: str) -> set[str]:
    padded = f" {token} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it cannot stay within `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        best = i
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            best = min(best, current[j])
        if best > limit:
            return limit + 1
        previous = current
    return previous[-1]


def typo_allowance(token: str) -> int:
    """How many edits a word of this length may carry and still be recognised."""
    if len(token) < 4:
        return 0
    if len(token) < 8:
        return 1
    return 2
