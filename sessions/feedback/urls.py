from django.urls import path

from sessions.feedback import views

urlpatterns = [
    path(
        "vragenlijst/<str:token>/", views.QuestionnaireView.as_view(), name="feedback_questionnaire"
    ),
    path(
        "trajecten/<int:pk>/evaluatieverslag/citaten/",
        views.ReportQuotesView.as_view(),
        name="trajectory_report_quotes",
    ),
    path(
        "trajecten/overzicht/<slug:slug>/feedback/",
        views.CallFeedbackView.as_view(),
        name="call_feedback",
    ),
]
