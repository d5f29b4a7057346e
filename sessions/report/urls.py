from django.urls import path

from sessions.report import views as views_report

urlpatterns = [
    path("<int:pk>/producten/", views_report.ProductListView.as_view(), name="trajectory_products"),
    path(
        "<int:pk>/producten/<int:product_pk>/",
        views_report.ProductEditView.as_view(),
        name="trajectory_product_edit",
    ),
    path(
        "<int:pk>/producten/<int:product_pk>/verwijderen/",
        views_report.ProductRemoveView.as_view(),
        name="trajectory_product_remove",
    ),
    path(
        "<int:pk>/producten/<int:product_pk>/bijlage/",
        views_report.ProductAttachmentView.as_view(),
        name="trajectory_product_attachment",
    ),
    path("<int:pk>/evaluatieverslag/", views_report.ReportView.as_view(), name="trajectory_report"),
    path(
        "<int:pk>/evaluatieverslag/indienen/",
        views_report.ReportSubmitView.as_view(),
        name="trajectory_report_submit",
    ),
    path(
        "<int:pk>/evaluatieverslag/beslissen/",
        views_report.ReportDecideView.as_view(),
        name="trajectory_report_decide",
    ),
    path(
        "<int:pk>/evaluatieverslag/pdf/",
        views_report.ReportPdfView.as_view(),
        name="trajectory_report_pdf",
    ),
]
