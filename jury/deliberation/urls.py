"""Staff's ranking and deliberation pages, under beheer/jury/."""

from django.urls import path

from jury.deliberation import views as views_ranking

urlpatterns = [
    path("<slug:slug>/rangschikking/", views_ranking.RankingView.as_view(), name="ranking"),
    path(
        "<slug:slug>/rangschikking/export/",
        views_ranking.RankingExportView.as_view(),
        name="ranking_export",
    ),
    path(
        "<slug:slug>/rangschikking/export/pdf/",
        views_ranking.RankingPdfExportStartView.as_view(),
        name="ranking_pdf_export_start",
    ),
    path(
        "<slug:slug>/rangschikking/dossiers/<int:pk>/",
        views_ranking.RankingDossierView.as_view(),
        name="ranking_dossier",
    ),
    path(
        "<slug:slug>/rangschikking/dossiers/<int:pk>/beslissing/",
        views_ranking.DecisionView.as_view(),
        name="decision",
    ),
]
