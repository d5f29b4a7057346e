"""Staff's pages to set up a call's jury, under beheer/jury/."""

from django.urls import path

from jury.setup import views as views_setup

urlpatterns = [
    path("<slug:slug>/", views_setup.JurySetupView.as_view(), name="setup"),
    path("<slug:slug>/leden/", views_setup.JuryMembersView.as_view(), name="members"),
    path(
        "<slug:slug>/toewijzen/",
        views_setup.AssignmentsGenerateView.as_view(),
        name="assignments_generate",
    ),
    path(
        "<slug:slug>/toewijzingen/toevoegen/",
        views_setup.AssignmentAddView.as_view(),
        name="assignment_add",
    ),
    path(
        "toewijzingen/<int:pk>/verwijderen/",
        views_setup.AssignmentRemoveView.as_view(),
        name="assignment_remove",
    ),
    path(
        "toewijzingen/<int:pk>/belangenconflict/",
        views_setup.ConflictRecordView.as_view(),
        name="conflict_record",
    ),
    path("<slug:slug>/instellingen/", views_setup.JurySettingsView.as_view(), name="settings"),
    path("<slug:slug>/fase/", views_setup.JuryPhaseView.as_view(), name="phase"),
]
