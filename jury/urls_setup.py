"""Staff's pages to set up a call's jury, under beheer/jury/."""

from django.urls import path

from jury import views_setup

urlpatterns = [
    path("<slug:slug>/", views_setup.JurySetupView.as_view(), name="jury_setup"),
    path("<slug:slug>/leden/", views_setup.JuryMembersView.as_view(), name="jury_members"),
    path(
        "<slug:slug>/toewijzen/",
        views_setup.AssignmentsGenerateView.as_view(),
        name="jury_assignments_generate",
    ),
    path(
        "<slug:slug>/toewijzingen/toevoegen/",
        views_setup.AssignmentAddView.as_view(),
        name="jury_assignment_add",
    ),
    path(
        "toewijzingen/<int:pk>/verwijderen/",
        views_setup.AssignmentRemoveView.as_view(),
        name="jury_assignment_remove",
    ),
    path(
        "toewijzingen/<int:pk>/belangenconflict/",
        views_setup.ConflictRecordView.as_view(),
        name="jury_conflict_record",
    ),
    path("<slug:slug>/instellingen/", views_setup.JurySettingsView.as_view(), name="jury_settings"),
    path("<slug:slug>/fase/", views_setup.JuryPhaseView.as_view(), name="jury_phase"),
]
