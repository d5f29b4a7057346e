"""Trajectory lists and planning, under trajecten/."""

from django.urls import path

from sessions.trajectories import views

urlpatterns = [
    path("", views.TrajectoryListView.as_view(), name="trajectory_list"),
    path("<int:pk>/", views.TrajectoryDetailView.as_view(), name="trajectory_detail"),
    path(
        "<int:pk>/coach/",
        views.TrajectoryAssignCoachView.as_view(),
        name="trajectory_assign_coach",
    ),
    path(
        "<int:pk>/deelnemers/<int:participant_pk>/vervangen/",
        views.ParticipantReplaceView.as_view(),
        name="trajectory_participant_replace",
    ),
    path(
        "<int:pk>/bijeenkomsten/<int:meeting_pk>/plannen/",
        views.MeetingEditView.as_view(),
        name="trajectory_meeting_edit",
    ),
    path(
        "<int:pk>/bijeenkomsten/<int:meeting_pk>/verwijderen/",
        views.MeetingRemoveView.as_view(),
        name="trajectory_meeting_remove",
    ),
    path(
        "<int:pk>/bijeenkomsten/toevoegen/",
        views.MeetingAddView.as_view(),
        name="trajectory_meeting_add",
    ),
    path(
        "oproep/<slug:slug>/gezamenlijke-bijeenkomsten/",
        views.JointEventsView.as_view(),
        name="joint_events",
    ),
]
