"""Provinces from Belgian postcodes (plgportal/geography.py): no database."""

import pytest

from plgportal.geography import province_for_postcode


@pytest.mark.parametrize(
    ("postcode", "province"),
    [
        ("1000", "Brussels Hoofdstedelijk Gewest"),
        ("1299", "Brussels Hoofdstedelijk Gewest"),
        ("1300", "Waals-Brabant"),
        ("1499", "Waals-Brabant"),
        ("1500", "Vlaams-Brabant"),
        ("1999", "Vlaams-Brabant"),
        ("2000", "Antwerpen"),
        ("2999", "Antwerpen"),
        ("3000", "Vlaams-Brabant"),
        ("3499", "Vlaams-Brabant"),
        ("3500", "Limburg"),
        ("3999", "Limburg"),
        ("4000", "Luik"),
        ("4999", "Luik"),
        ("5000", "Namen"),
        ("5999", "Namen"),
        ("6000", "Henegouwen"),
        ("6599", "Henegouwen"),
        ("6600", "Luxemburg"),
        ("6999", "Luxemburg"),
        ("7000", "Henegouwen"),
        ("7999", "Henegouwen"),
        ("8000", "West-Vlaanderen"),
        ("8999", "West-Vlaanderen"),
        ("9000", "Oost-Vlaanderen"),
        ("9999", "Oost-Vlaanderen"),
        (9000, "Oost-Vlaanderen"),
        (" 2018 ", "Antwerpen"),
    ],
)
def test_province_for_postcode_at_every_boundary(postcode, province):
    assert province_for_postcode(postcode) == province


@pytest.mark.parametrize("postcode", ["", None, "0999", "999", "10000", "B-1000", "abcd"])
def test_province_for_postcode_unknown(postcode):
    assert province_for_postcode(postcode) == "Onbekend"
