from django.urls import path

from plgportal.accounts import views

app_name = "accounts"

urlpatterns = [
    path("team/", views.TeamView.as_view(), name="team"),
    path(
        "team/<int:pk>/uitnodiging-opnieuw/",
        views.InvitationResendView.as_view(),
        name="invitation_resend",
    ),
    path(
        "uitnodiging/<str:uidb64>/<str:token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path("profiel/", views.ProfileView.as_view(), name="profile"),
]
