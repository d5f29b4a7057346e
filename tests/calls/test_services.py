from plgportal.calls.services import call_copy
from tests.factories import CallFactory, SelectionCriterionFactory


def test_call_copy_copies_rules_and_leaves_source_alone(db):
    source = CallFactory(title="2024")
    SelectionCriterionFactory(call=source, title="Thema", position=1)
    copy = call_copy(source=source, title="2025", slug="plg-2025")
    assert (copy.pk != source.pk, copy.title, copy.max_schools) == (True, "2025", 5)
    assert [c.title for c in copy.criteria.all()] == ["Thema"]
    assert copy.delegates_per_school(3) == 3
    assert source.criteria.count() == 1
    assert source.title == "2024"
