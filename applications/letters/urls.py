from django.urls import path

from applications.letters import views as views_letters

urlpatterns = [
    path(
        "<int:pk>/letters/",
        views_letters.LetterSectionView.as_view(),
        name="dossier_section_letters",
    ),
    path(
        "<int:pk>/letters/<int:school_pk>/opladen/",
        views_letters.LetterUploadView.as_view(),
        name="letter_upload",
    ),
    path(
        "<int:pk>/letters/<int:school_pk>/downloaden/",
        views_letters.LetterDownloadView.as_view(),
        name="letter_download",
    ),
    path(
        "<int:pk>/letters/<int:school_pk>/nagekeken/",
        views_letters.LetterCheckView.as_view(),
        name="letter_check",
    ),
    path(
        "<int:pk>/letters/<int:school_pk>/herinnering/",
        views_letters.LetterReminderView.as_view(),
        name="letter_reminder",
    ),
]
