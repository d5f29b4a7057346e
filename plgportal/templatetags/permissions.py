"""`{% has_perm "app.permission" user obj as can_x %}`: what a template shows (a link, a button, a
panel) follows the same named permissions as the views, never a role or status string."""

import rules
from django import template

register = template.Library()


@register.simple_tag
def has_perm(permission: str, user, obj=None) -> bool:
    """Whether `user` holds the django-rules `permission` (on `obj`).

    Unlike django-rules' own tag, which calls `user.has_perm`, this asks the rules permissions
    only: the portal's permissions all live in the apps' rules.py, and Django's model permission
    backend would cost two queries on every page for each user it refuses (the header asks on
    every page).
    """
    return rules.has_perm(permission, user, obj)
