from django.urls import path

from sessions.meetings import views

MEETING = "trajecten/<int:pk>/bijeenkomsten/<int:meeting_pk>/"

urlpatterns = [
    path(MEETING, views.MeetingDetailView.as_view(), name="meeting_detail"),
    path(
        f"{MEETING}aanwezigheid/", views.MeetingAttendanceView.as_view(), name="meeting_attendance"
    ),
    path(f"{MEETING}rollen/", views.MeetingRolesView.as_view(), name="meeting_roles"),
    path(
        f"{MEETING}voorbereiding/",
        views.MeetingPreparationView.as_view(),
        name="meeting_preparation",
    ),
    path(
        f"{MEETING}voorbereiding/<int:school_pk>/bestand/",
        views.PreparationFileView.as_view(),
        name="preparation_file",
    ),
    path(f"{MEETING}verslag/", views.MeetingMinutesView.as_view(), name="meeting_minutes"),
    path(
        f"{MEETING}aanwezigheidslijst.pdf",
        views.MeetingAttendanceSheetView.as_view(),
        name="meeting_attendance_sheet",
    ),
    path(
        "trajecten/<int:pk>/gezamenlijk/<int:meeting_pk>/aanwezigheid/",
        views.JointMeetingAttendanceView.as_view(),
        name="joint_meeting_attendance",
    ),
    path(
        "trajecten/<int:pk>/rollen/", views.TrajectoryRolesView.as_view(), name="trajectory_roles"
    ),
]
