"""The printable guide: Arabic shaped and in logical order, Tigrinya present, the district's services listed."""

from __future__ import annotations

import io
import time

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from accueil.guide import demo
from accueil.guide.printing import guide_html, guide_pdf
from accueil.territories.models import District

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def guide(city):
    demo.load_demo(city=city)
    return city


def test_arabic_pdf_is_rtl_and_in_logical_order(guide):
    html = guide_html(city=guide, lang="ar")
    assert '<html lang="ar" dir="rtl">' in html
    text = _text(guide_pdf(city=guide, lang="ar"))
    # words extracted in reading order, letters joined (shaped glyphs map back to the logical characters)
    assert "طلب اللجوء خطوة بخطوة" in text
    assert "أنا طالب لجوء" in text
    # French fallback remains readable in the Arabic brochure
    assert "SPADA" in text


def test_tigrinya_pdf_renders_ethiopic(guide):
    text = _text(guide_pdf(city=guide, lang="ti"))
    assert "ሕቶ ዑቕባ ብደረጃ" in text
    assert "ሓታቲ ዑቕባ እየ" in text


def test_district_services_listed(guide):
    pytest.importorskip("accueil.directory.selectors")
    from accueil.directory.services import categories_sync
    from accueil.testing.directory_factories import PlaceFactory, ServiceFactory

    categories_sync()
    second, third = District.objects.get(city=guide, number=2), District.objects.get(city=guide, number=3)
    ServiceFactory(
        city=guide,
        name="Bains douches Exemple",
        phone="01 23 45 67 89",
        categories=["wash-showers"],
        place=PlaceFactory(city=guide, district=second, address="12 rue Exemple", postcode="75002"),
    )
    ServiceFactory(
        city=guide, name="Ailleurs", categories=["wash-showers"], place=PlaceFactory(city=guide, district=third)
    )
    started = time.perf_counter()
    text = _text(guide_pdf(city=guide, lang="fr", district=second))
    assert time.perf_counter() - started < 10
    assert "Bains douches Exemple" in text
    assert "12 rue Exemple 75002" in text
    assert "01 23 45 67 89" in text
    assert "Ailleurs" not in text


def test_print_view_and_command(client, guide, tmp_path):
    response = client.get("/ti/guide/print/?district=2")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    output = tmp_path / "guide.pdf"
    call_command("guide_pdf", "--lang", "ar", "--district", "2", "--output", str(output))
    assert "طلب اللجوء" in _text(output.read_bytes())
