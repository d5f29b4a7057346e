from django.urls import path

from plgportal.outbox import views

app_name = "outbox"

urlpatterns = [
    path("uitgaande-mail/", views.OutboxListView.as_view(), name="list"),
    path("uitgaande-mail/<int:pk>/", views.OutboxDetailView.as_view(), name="detail"),
    path("uitgaande-mail/<int:pk>/html/", views.OutboxHtmlView.as_view(), name="html"),
    path(
        "uitgaande-mail/<int:pk>/opnieuw-versturen/",
        views.OutboxResendView.as_view(),
        name="resend",
    ),
    path(
        "uitgaande-mail/<int:pk>/bijlagen/<int:attachment_pk>/",
        views.OutboxAttachmentView.as_view(),
        name="attachment",
    ),
]
