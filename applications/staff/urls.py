from django.urls import path

from applications.staff import views as views_staff

urlpatterns = [
    path("<int:pk>/", views_staff.StaffDossierDetailView.as_view(), name="staff_dossier_detail"),
    path(
        "<int:pk>/beslissing/",
        views_staff.DossierDecideView.as_view(),
        name="staff_dossier_decide",
    ),
    path(
        "<int:pk>/heropenen/", views_staff.DossierReopenView.as_view(), name="staff_dossier_reopen"
    ),
    path("oproep/<slug:slug>/", views_staff.DossierListView.as_view(), name="staff_dossier_list"),
    path(
        "oproep/<slug:slug>/export/",
        views_staff.DossierExportView.as_view(),
        name="staff_dossier_export",
    ),
]
