"""The shared permission mixin answers 404 for an object the user may not know exists, 403 where
they know it (or the page is about no object); the template tag asks the rules permissions only."""

import pytest
import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.views import View

from plgportal.accounts.models import User
from plgportal.permissions import PermissionRequiredMixin
from plgportal.templatetags.permissions import has_perm


class Thing:
    def __init__(self, owner_id, locked=False):
        self.owner_id = owner_id
        self.locked = locked


@rules.predicate
def is_owner(user, thing):
    return thing is not None and thing.owner_id == user.pk


@rules.predicate
def is_unlocked(user, thing):
    return thing is not None and not thing.locked


@pytest.fixture(autouse=True)
def _permissions():
    rules.add_perm("tests.view_thing", is_owner)
    rules.add_perm("tests.change_thing", is_owner & is_unlocked)
    rules.add_perm("tests.use_page", rules.always_deny)
    yield
    for name in ("tests.view_thing", "tests.change_thing", "tests.use_page"):
        rules.remove_perm(name)


class ThingView(PermissionRequiredMixin, View):
    permission_required = "tests.change_thing"
    thing = None

    def get_permission_object(self):
        return self.thing

    def get(self, request):
        return HttpResponse("ok")


class PageView(PermissionRequiredMixin, View):
    """A staff-like page about an object that does not exist: the role answers first."""

    permission_required = "tests.use_page"

    def get_object(self):
        raise Http404

    def get(self, request):
        return HttpResponse("ok")


def _get(view, user):
    request = RequestFactory().get("/")
    request.user = user
    return view(request)


def _user(pk=1):
    return User(pk=pk, email=f"u{pk}@example.org", role="applicant", is_active=True)


def test_refused_object_answers_404():
    view = ThingView.as_view(thing=Thing(owner_id=2))
    with pytest.raises(Http404):
        _get(view, _user())


def test_refused_object_the_user_sees_answers_403():
    view = ThingView.as_view(
        thing=Thing(owner_id=1, locked=True), visible_permission="tests.view_thing"
    )
    with pytest.raises(PermissionDenied):
        _get(view, _user())


def test_object_not_visible_either_answers_404():
    view = ThingView.as_view(thing=Thing(owner_id=2), visible_permission="tests.view_thing")
    with pytest.raises(Http404):
        _get(view, _user())


def test_role_only_page_answers_403_before_looking_the_object_up(db):
    # db: Django's model permission backend is asked too, for a permission without object.
    with pytest.raises(PermissionDenied):
        _get(PageView.as_view(), _user())


def test_has_perm_tag_costs_no_query_when_refused(db, applicant, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert has_perm("accounts.manage_team", applicant) is False


def test_has_perm_tag_on_an_object():
    assert has_perm("tests.view_thing", _user(), Thing(owner_id=1)) is True
    assert has_perm("tests.view_thing", _user(), Thing(owner_id=2)) is False
