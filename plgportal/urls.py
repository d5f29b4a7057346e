from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from plgportal import views

admin.site.site_header = _("PLG Portal – beheer")
admin.site.site_title = _("PLG Portal")
admin.site.index_title = _("Beheer")
# The admin signs in through the portal's own login: the same throttles and second factor, no
# second, single-factor login form.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("health/", views.health, name="health"),
    path("account/", include("allauth.account.urls")),
    path("account/2fa/", include("allauth.mfa.urls")),
    path("", include("plgportal.accounts.urls")),
    path("", include("plgportal.calls.urls")),
    path("", include("plgportal.outbox.urls")),
    path("", include("plgportal.reminders.urls")),
    path("", include("plgportal.exports.urls")),
    path("", include("applications.urls")),
    path("", include("jury.urls")),
    path("", include("sessions.urls")),
    path("", include("plgportal.spreadsheets.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
