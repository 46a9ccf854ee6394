"""The self-hosted fonts cover every site language, shape Arabic script and stay small."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
FONTS_CSS = Path(settings.BASE_DIR) / "static" / "css" / "fonts.css"


def cmap(name: str) -> set[int]:
    return set(TTFont(FONTS / name).getBestCmap())


def gsub_features(name: str) -> set[str]:
    font = TTFont(FONTS / name)
    return {record.FeatureTag for record in font["GSUB"].table.FeatureList.FeatureRecord}


@pytest.mark.smoke
def test_every_font_file_is_small_and_declared_with_swap():
    css = FONTS_CSS.read_text(encoding="utf-8")
    files = sorted(FONTS.glob("*.woff2"))
    assert len(files) == 10
    for file in files:
        assert file.stat().st_size <= 60 * 1024, file.name
        assert f"../fonts/{file.name}" in css
    faces = re.findall(r"@font-face \{[^}]*\}", css)
    assert len(faces) == 10
    assert all("font-display: swap" in face and "unicode-range" in face for face in faces)
    assert all('font-family: "Accueil Sans"' in face for face in faces)
    assert "http" not in css, "fonts are self-hosted"


def test_arabic_subset_covers_persian_and_pashto_and_keeps_shaping_features():
    points = cmap("accueil-sans-arabic-regular.woff2")
    persian = "پچژگی"  # Persian letters
    pashto = "ټځڅډړږښګڼۍې"  # Pashto letters
    arabic = "مرحبا"
    assert {ord(c) for c in persian + pashto + arabic} <= points
    assert 0x200C in points  # zero-width non-joiner, needed in Persian words
    assert {"init", "medi", "fina", "isol", "rlig"} <= gsub_features("accueil-sans-arabic-regular.woff2")


def test_ethiopic_subset_covers_amharic_and_tigrinya():
    points = cmap("accueil-sans-ethiopic-bold.woff2")
    assert {ord(c) for c in "እንኳን ደህና መጡ" + "እንቋዕ ብደሓን መጻእኩም"} - {0x20} <= points


def test_latin_subset_covers_french():
    assert {ord(c) for c in "Bienvenue à Paris : œuvre, garçon, élève, Noël, « € »"} <= cmap(
        "accueil-sans-latin-regular.woff2"
    )
