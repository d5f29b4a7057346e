from django.urls import path

from sessions.indicators import views

urlpatterns = [
    path("indicatoren/<str:token>/", views.IndicatorsLinkView.as_view(), name="indicators_form"),
    path(
        "trajecten/<int:pk>/indicatoren/<int:school_pk>/<slug:moment>/",
        views.SchoolIndicatorsView.as_view(),
        name="trajectory_indicators",
    ),
    path(
        "trajecten/<int:pk>/indicatoren/<int:school_pk>/<slug:moment>/link/",
        views.IndicatorLinkSendView.as_view(),
        name="trajectory_indicators_send",
    ),
]
