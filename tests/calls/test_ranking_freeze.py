"""Once scoring opened, what defines the ranking (weights, scales, numbers to select) is frozen:
the rule (plgportal/calls/ranking_freeze.py), the services that refuse, the admin."""

from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from plgportal.calls.admin import CallAdminForm, SelectionCriterionAdminForm
from plgportal.calls.models import Call, SelectionCriterion
from plgportal.calls.ranking_freeze import CRITERION_RANKING_FIELDS, frozen_changes
from plgportal.calls.services import (
    call_copy,
    call_freeze_ranking,
    call_update,
    criterion_update,
)
from tests.factories import CallFactory, SelectionCriterionFactory

FROZEN = "De beoordeling is gestart: gewichten, schalen en aantallen liggen vast"


@pytest.mark.parametrize(
    ("frozen", "new", "expected"),
    [
        (False, {"weight": Decimal("3")}, []),
        (True, {"weight": Decimal("3")}, ["weight"]),
        (True, {"weight": Decimal("1")}, []),
        (True, {"scale_max": 10, "scale_min": 1}, ["scale_max"]),
        (True, {"title": "Nieuwe titel"}, []),
        (True, {}, []),
    ],
)
def test_frozen_changes_lists_changed_ranking_fields_only_when_frozen(frozen, new, expected):
    old = {"weight": Decimal("1"), "scale_min": 1, "scale_max": 5}
    assert (
        frozen_changes(frozen=frozen, old=old, new=new, fields=CRITERION_RANKING_FIELDS) == expected
    )


@pytest.fixture
def frozen_criterion(db):
    criterion = SelectionCriterionFactory(weight=Decimal("1.00"))
    call_freeze_ranking(call=criterion.call)
    return criterion


def test_criterion_update_refuses_a_new_weight_once_frozen(frozen_criterion):
    with pytest.raises(ValidationError) as refused:
        criterion_update(criterion=frozen_criterion, weight=Decimal("3"))

    assert FROZEN in refused.value.message_dict["weight"][0]
    assert SelectionCriterion.objects.get(pk=frozen_criterion.pk).weight == Decimal("1.00")


def test_criterion_update_allows_the_title_once_frozen(frozen_criterion):
    criterion_update(criterion=frozen_criterion, title="Verduidelijkt")
    assert SelectionCriterion.objects.get(pk=frozen_criterion.pk).title == "Verduidelijkt"


def test_criterion_update_allows_a_new_weight_before_scoring(db):
    criterion = SelectionCriterionFactory(weight=Decimal("1.00"))
    criterion_update(criterion=criterion, weight=Decimal("3"))
    assert SelectionCriterion.objects.get(pk=criterion.pk).weight == Decimal("3.00")


def test_call_update_refuses_other_numbers_to_select_once_frozen(frozen_criterion):
    call = frozen_criterion.call
    with pytest.raises(ValidationError) as refused:
        call_update(call=call, plgs_to_select=11)
    assert list(refused.value.message_dict) == ["plgs_to_select"]
    assert Call.objects.get(pk=call.pk).plgs_to_select == 10


def test_freeze_keeps_the_first_moment(db):
    call = CallFactory()
    first = call_freeze_ranking(call=call).ranking_frozen_at
    assert call_freeze_ranking(call=call, at=timezone.now()).ranking_frozen_at == first


def test_call_copy_is_not_frozen(frozen_criterion):
    copy = call_copy(source=frozen_criterion.call, title="2025", slug="plg-2025")
    assert copy.ranking_frozen_at is None


def test_admin_shows_weights_and_scales_read_only_with_the_reason(
    client, admin_user, frozen_criterion
):
    client.force_login(admin_user)
    url = reverse("admin:calls_call_change", args=[frozen_criterion.call.pk])

    content = client.get(url).content.decode()

    assert 'name="criteria-0-weight"' not in content
    assert 'name="criteria-0-title_nl_be"' in content
    assert 'name="plgs_to_select"' not in content
    assert FROZEN in content


def test_admin_offers_weights_before_scoring(client, admin_user, db):
    criterion = SelectionCriterionFactory()
    client.force_login(admin_user)
    content = client.get(
        reverse("admin:calls_call_change", args=[criterion.call.pk])
    ).content.decode()
    assert 'name="criteria-0-weight"' in content


def test_admin_inline_allows_no_new_or_deleted_criterion_once_frozen(admin_user, frozen_criterion):
    request = RequestFactory().get("/")
    request.user = admin_user
    inline = next(
        i
        for i in site._registry[Call].get_inline_instances(request, frozen_criterion.call)
        if i.model is SelectionCriterion
    )
    call = frozen_criterion.call
    assert set(CRITERION_RANKING_FIELDS) <= set(inline.get_readonly_fields(request, call))
    assert not inline.has_add_permission(request, call)
    assert not inline.has_delete_permission(request, call)


def test_admin_form_refuses_a_weight_posted_after_the_freeze(frozen_criterion):
    """The page was opened before scoring started; the save arrives after."""
    form_class = type(
        "Form",
        (SelectionCriterionAdminForm,),
        {
            "Meta": type(
                "Meta",
                (),
                {
                    "model": SelectionCriterion,
                    "fields": [
                        "title",
                        "weight",
                        "scale_min",
                        "scale_max",
                        "position",
                        "answer_max_chars",
                    ],
                },
            )
        },
    )
    data = {
        "title": frozen_criterion.title,
        "weight": "3",
        "scale_min": 1,
        "scale_max": 5,
        "position": frozen_criterion.position,
        "answer_max_chars": 3000,
    }
    form = form_class(data, instance=frozen_criterion)

    assert not form.is_valid()
    assert FROZEN in form.errors["weight"][0]


def test_call_admin_form_refuses_other_numbers_after_the_freeze(frozen_criterion):
    form_class = type(
        "Form",
        (CallAdminForm,),
        {"Meta": type("Meta", (), {"model": Call, "fields": ["plgs_to_select"]})},
    )
    form = form_class({"plgs_to_select": 11}, instance=frozen_criterion.call)
    assert not form.is_valid()
    assert FROZEN in form.errors["plgs_to_select"][0]
