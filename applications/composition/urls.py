from django.urls import path

from applications.composition import views

urlpatterns = [
    path("<int:pk>/scholen/", views.SchoolsView.as_view(), name="dossier_section_schools"),
    path(
        "<int:pk>/scholen/opzoeken/",
        views.SchoolLookupView.as_view(),
        name="dossier_school_lookup",
    ),
    path(
        "<int:pk>/afgevaardigden/",
        views.DelegatesView.as_view(),
        name="dossier_section_delegates",
    ),
    path("<int:pk>/planning/", views.PlanningView.as_view(), name="dossier_section_planning"),
]
