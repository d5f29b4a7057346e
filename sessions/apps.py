from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    """The coached PLG trajectories.

    The label differs from the folder name because `django.contrib.sessions` already owns the
    label "sessions".
    """

    name = "sessions"
    label = "plg_sessions"
    verbose_name = _("Trajecten")
