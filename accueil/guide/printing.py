"""The printable guide: one PDF per language and district, like the brochures handed out in reception places.

Rendered with WeasyPrint from ``guide/print.html``. Fonts are the Debian Noto faces (Latin, Arabic, Ethiopic) so
Arabic is shaped and set right to left and Tigrinya/Amharic render; the self-hosted "Accueil Sans" faces are used
when the Noto files are missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import directory_links, selectors

if TYPE_CHECKING:
    from accueil.territories.models import City, District

NOTO_DIR = Path("/usr/share/fonts/truetype/noto")
FACES = [
    # family, regular file, bold file, self-hosted fallback prefix
    ("Guide Latin", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "accueil-sans-latin"),
    ("Guide Arabic", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf", "accueil-sans-arabic"),
    ("Guide Ethiopic", "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf", "accueil-sans-ethiopic"),
]


def _font_faces() -> str:
    rules = []
    static_fonts = Path(settings.BASE_DIR) / "static" / "fonts"
    for family, regular, bold, fallback in FACES:
        for weight, name, suffix in ((400, regular, "regular"), (700, bold, "bold")):
            path = NOTO_DIR / name
            if not path.exists():
                path = static_fonts / f"{fallback}-{suffix}.woff2"
            rules.append(
                f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: url("{path.as_uri()}"); }}'
            )
    return "\n".join(rules)


def guide_html(*, city: City, lang: str, district: District | None = None) -> str:
    with translation.override(lang):
        articles = [
            selectors.article_shown(article=a, lang=lang)
            for a in selectors.published_articles(city=city).prefetch_related("steps")
        ]
        road_maps = [
            selectors.road_map_shown(city=city, status=rm.status, lang=lang) for rm in selectors.road_maps(city=city)
        ]
        return render_to_string(
            "guide/print.html",
            {
                "city": city,
                "lang": lang,
                "rtl": lang in settings.LANGUAGES_BIDI,
                "district": district,
                "articles": articles,
                "road_maps": [rm for rm in road_maps if rm is not None],
                "directory": directory_links.district_directory(city=city, district=district, lang=lang),
                "font_faces": _font_faces(),
                "printed_on": timezone.localdate(),
            },
        )


def guide_pdf(*, city: City, lang: str, district: District | None = None) -> bytes:
    from weasyprint import HTML

    html = guide_html(city=city, lang=lang, district=district)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
