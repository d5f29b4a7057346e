"""The three-way merge of a section's fields (pure: no database)."""

import pytest

from applications.merge import FieldConflict, changed_fields, merge_section, rebase

BASE = {"title": "Oud", "phone": "", "answer_1": "Begin", "answer_2": ""}


@pytest.mark.parametrize(
    ("mine", "theirs", "values", "conflicts", "theirs_changed"),
    [
        pytest.param(
            {"title": "Nieuw"},
            {},
            {"title": "Nieuw"},
            {},
            set(),
            id="only-mine-changed",
        ),
        pytest.param(
            {},
            {"title": "Van de ander"},
            {"title": "Van de ander"},
            {},
            {"title"},
            id="only-theirs-changed",
        ),
        pytest.param(
            {"answer_1": "Mijn tekst"},
            {"answer_2": "Hun tekst"},
            {"answer_1": "Mijn tekst", "answer_2": "Hun tekst"},
            {},
            {"answer_2"},
            id="different-fields-both-kept",
        ),
        pytest.param(
            {"answer_1": "Zelfde"},
            {"answer_1": "Zelfde"},
            {"answer_1": "Zelfde"},
            {},
            set(),
            id="same-change-on-both-sides",
        ),
        pytest.param(
            {"answer_1": "Mijn tekst", "phone": "09 123 45 67"},
            {"answer_1": "Hun tekst"},
            {"answer_1": "Hun tekst", "phone": "09 123 45 67"},
            {"answer_1": FieldConflict(mine="Mijn tekst", theirs="Hun tekst")},
            set(),
            id="same-field-conflicts-rest-merged",
        ),
        pytest.param(
            {"answer_1": ""},
            {"answer_1": "Hun tekst"},
            {"answer_1": "Hun tekst"},
            {"answer_1": FieldConflict(mine="", theirs="Hun tekst")},
            set(),
            id="emptied-by-me-changed-by-them-conflicts",
        ),
    ],
)
def test_merge_section_per_field(mine, theirs, values, conflicts, theirs_changed):
    result = merge_section(BASE, BASE | mine, BASE | theirs)

    assert result.values == BASE | values
    assert result.conflicts == conflicts
    assert result.theirs_changed == theirs_changed


def test_merge_section_without_base_conflicts_wherever_the_sides_differ():
    mine = {"title": "Mijn titel", "phone": "09"}
    theirs = {"title": "Hun titel", "phone": "09"}

    result = merge_section({}, mine, theirs)

    assert result.values == theirs
    assert result.conflicts == {"title": FieldConflict(mine="Mijn titel", theirs="Hun titel")}


def test_merge_section_merges_only_the_fields_sent():
    theirs = {"title": "Oud", "answer_9": "Nieuw criterium"}

    result = merge_section({"title": "Oud"}, {"title": "Nieuw"}, theirs)

    assert result.values == {"title": "Nieuw", "answer_9": "Nieuw criterium"}


@pytest.mark.parametrize(
    ("mine", "theirs", "values", "conflicting"),
    [
        pytest.param(
            {"theme": None, "own_theme": "Eigen"},
            {"theme": 3, "own_theme": ""},
            {"theme": 3, "own_theme": ""},
            {"theme", "own_theme"},
            id="list-theme-against-own-theme",
        ),
        pytest.param(
            {"theme": None, "own_theme": "Eigen"},
            {"theme": None, "own_theme": ""},
            {"theme": None, "own_theme": "Eigen"},
            set(),
            id="only-mine-changed",
        ),
        pytest.param(
            {"theme": 4, "own_theme": ""},
            {"theme": 3, "own_theme": ""},
            {"theme": 3, "own_theme": ""},
            {"theme"},
            id="two-list-themes-conflict-on-the-differing-field",
        ),
    ],
)
def test_merge_section_group_merges_as_one_choice(mine, theirs, values, conflicting):
    base = {"theme": None, "own_theme": "", "answer_1": ""}

    result = merge_section(base, base | mine, base | theirs, groups=[("theme", "own_theme")])

    assert result.values == base | values
    assert set(result.conflicts) == conflicting


@pytest.mark.parametrize(
    ("before", "after", "changed"),
    [
        ({"a": 1, "b": "x"}, {"a": 1, "b": "x"}, set()),
        ({"a": 1, "b": "x"}, {"a": 2, "b": "x"}, {"a"}),
        ({"a": 1}, {"a": 1, "b": "x"}, {"b"}),
    ],
)
def test_changed_fields(before, after, changed):
    assert changed_fields(before, after) == changed


def test_rebase_keeps_old_base_where_page_differs_from_stored():
    base = {"mine": "", "theirs": "", "both": "Begin"}
    page = {"mine": "Getypt", "theirs": "", "both": "Mijn versie"}
    stored = {"mine": "Getypt", "theirs": "Van de ander", "both": "Hun versie"}

    rebased = rebase(base, page, stored)

    # The next save from the same page: my field is settled, theirs and the conflict are not.
    assert rebased == {"mine": "Getypt", "theirs": "", "both": "Begin"}
    assert merge_section(rebased, page, stored).values == stored
    assert set(merge_section(rebased, page, stored).conflicts) == {"both"}
