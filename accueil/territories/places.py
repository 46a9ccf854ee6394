"""Places named in free text → a district of the city, and distances between districts. No external geocoder.

`district_from_text(city, text)` reads, in this order:

1. **A five-digit postcode** anywhere in the text ("12 rue de la Roquette, 75011 Paris"). It names the
   district whose official code (`District.code`, e.g. the INSEE code) is either the postcode itself, or the
   code's first two characters (the département) followed by the district number on three digits:
   code "75111" (Paris 11th) ↔ postcodes "75111" and "75011"; code "75116" ↔ "75116" and "75016";
   code "69383" (Lyon 3rd) ↔ "69003"; code "13213" (Marseille 13th) ↔ "13013"; or one of the district's own
   postcodes (`District.postcodes`, given when the city was set up: "10115 10117"). A postcode that names no
   district of the city gives None: the place is outside the city's districts.
2. **A district number** as the whole text, once the city's name and the word "arrondissement" are left out:
   "11", "11e", "11ème", "1er", "1re", "11th", Roman numerals "XI", "XIe", "Ier"; or such a number followed by
   "arrondissement"/"arr." anywhere in an address ("rue Oberkampf, 11e arrondissement").
3. **A district's name** ("11e arrondissement", "Batignolles-Monceau"), compared without case or accents.

Anything else gives None.
"""

from __future__ import annotations

import re
import unicodedata

from accueil.core.geo import distance_km

from .models import City, District

MAX_TEXT = 200

_POSTCODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_SUFFIX = r"(?:e|eme|er|re|ere|th|st|nd|rd|o|°)?"
_NUMBER = re.compile(rf"^(\d{{1,2}}|[ivxlc]{{1,7}})\s*{_SUFFIX}$")
_IN_ADDRESS = re.compile(rf"(?<![\w])(\d{{1,2}}|[ivxlc]{{1,7}})\s*{_SUFFIX}\s*(?:arrondissement|arrdt|arr)\b")
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _fold(text: str) -> str:
    """Lower case, accents removed, spaces squeezed: "XIème Arr." → "xieme arr."."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return re.sub(r"\s+", " ", plain).strip()


def _roman(text: str) -> int | None:
    values = [_ROMAN[ch] for ch in text]
    total = 0
    for position, value in enumerate(values):
        following = values[position + 1] if position + 1 < len(values) else 0
        total += -value if value < following else value
    return total if total > 0 else None


def _number(token: str) -> int | None:
    return int(token) if token.isdigit() else _roman(token)


def postcodes_of(district: District) -> set[str]:
    """The postcodes that name `district` (see the module's rule 1)."""
    code = (district.code or "").strip()
    codes = {code} if len(code) == 5 and code.isdigit() else set()
    if len(code) >= 2 and code[:2].isdigit():
        codes.add(f"{code[:2]}{district.number:03d}")
    codes.update(postcode for postcode in (district.postcodes or "").split() if _POSTCODE.fullmatch(postcode))
    return codes


def postcode_of(district: District) -> str:
    """The postcode to write in an address of `district` (75011), never its administrative code (75111)."""
    codes = sorted(postcodes_of(district) - {district.code}) or sorted(postcodes_of(district)) or [district.code]
    return codes[0]


def district_from_text(city: City, text: str) -> District | None:
    """The district of `city` that `text` names (postcode, district number or name), or None."""
    if city is None or not text or not text.strip():
        return None
    text = text[:MAX_TEXT]
    districts = list(District.objects.filter(city=city).order_by("number"))
    if not districts:
        return None
    postcodes = _POSTCODE.findall(text)
    if postcodes:
        by_postcode = {postcode: d for d in districts for postcode in postcodes_of(d)}
        for postcode in postcodes:
            if postcode in by_postcode:
                return by_postcode[postcode]
        return None
    folded = _fold(text)
    by_number = {d.number: d for d in districts}
    by_name = {_fold(d.name): d for d in districts}
    if folded in by_name:
        return by_name[folded]
    bare = folded
    city_name = _fold(city.name)
    if city_name:
        bare = re.sub(rf"\b{re.escape(city_name)}\b", " ", bare)
    bare = re.sub(r"\b(?:arrondissement|arrdt|arr)\b\.?", " ", bare)
    bare = re.sub(r"[\s,.;:/-]+", " ", bare).strip()
    match = _NUMBER.match(bare)
    if match is None:
        match = _IN_ADDRESS.search(folded)
    if match is not None:
        number = _number(match.group(1))
        if number is not None and number in by_number:
            return by_number[number]
    return None


def district_distances(origin: District, districts: list[District]) -> dict[int, float]:
    """Distance in km from `origin`'s centre to each district's centre, keyed by district id."""
    return {d.pk: round(distance_km(origin.latitude, origin.longitude, d.latitude, d.longitude), 3) for d in districts}
