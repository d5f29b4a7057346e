"""How a selection spreads over levels, provinces and networks (jury/balance.py): no database."""

from jury.balance import SchoolInfo, selection_balance


def school(number, *, levels=("lager",), network="go", postcode="9000", delegates=3):
    return SchoolInfo(
        institution_number=number,
        levels=tuple(levels),
        network=network,
        postcode=postcode,
        delegate_count=delegates,
    )


def test_selection_balance_counts_levels_provinces_networks_and_participants():
    balance = selection_balance(
        [
            [
                school("1", levels=("kleuter", "lager"), postcode="9000"),
                school("2", network="katholiek", postcode="2000"),
                school("3", levels=("secundair",), network="ovsg", postcode="9300"),
            ],
            [
                school("4", levels=("secundair",), postcode="3500", delegates=2),
                school("5", network="katholiek", postcode="", delegates=2),
                school("6", network="", postcode="1000", delegates=2),
                school("7", network="pov", postcode="8000", delegates=2),
            ],
        ]
    )
    assert (balance.dossier_count, balance.school_count, balance.participant_count) == (2, 7, 17)
    assert balance.per_level == [
        ("Lager onderwijs", 5),
        ("Secundair onderwijs", 2),
        ("Kleuteronderwijs", 1),
    ]
    assert balance.per_province == [
        ("Oost-Vlaanderen", 2),
        ("Antwerpen", 1),
        ("Brussels Hoofdstedelijk Gewest", 1),
        ("Limburg", 1),
        ("Onbekend", 1),
        ("West-Vlaanderen", 1),
    ]
    assert balance.per_network == [
        ("GO! onderwijs van de Vlaamse Gemeenschap", 2),
        ("Katholiek Onderwijs Vlaanderen", 2),
        ("Onbekend", 1),
        ("OVSG (stedelijk en gemeentelijk onderwijs)", 1),
        ("POV (provinciaal onderwijs)", 1),
    ]


def test_selection_balance_counts_a_school_in_two_dossiers_once():
    balance = selection_balance([[school("1"), school("2")], [school("1"), school("3")]])
    assert (balance.school_count, balance.participant_count) == (3, 12)


def test_selection_balance_of_nothing():
    balance = selection_balance([])
    assert (balance.dossier_count, balance.school_count, balance.participant_count) == (0, 0, 0)
    assert (balance.per_level, balance.per_province, balance.per_network) == ([], [], [])
