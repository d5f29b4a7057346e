"""Exports: the call's export centre, starting an export, following it, downloading it."""

from functools import cached_property

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import ListView, TemplateView, View

from plgportal.calls.models import Call
from plgportal.downloads import file_response, guess_content_type
from plgportal.exports.models import Export
from plgportal.exports.registry import call_exports
from plgportal.exports.selectors import (
    bulk_exports,
    exports_for_user,
    exports_of_call,
    spreadsheet_datasets,
)
from plgportal.exports.services import export_retry, export_start
from plgportal.permissions import PermissionRequiredMixin
from plgportal.service_forms import show_refusal


class StartExportMixin(PermissionRequiredMixin):
    """POST only, staff only: start an export and follow it on its progress page."""

    permission_required = "exports.start_export"
    http_method_names = ["post"]

    def start(self, *, kind, params, back):
        try:
            export = export_start(kind=kind, requested_by=self.request.user, params=params)
        except ValidationError as error:
            show_refusal(self.request, error)
            return redirect(back)
        return redirect(export)


class CallExportsView(PermissionRequiredMixin, TemplateView):
    """The call's export centre: bulk exports to start, spreadsheets, the latest exports."""

    permission_required = "exports.start_export"
    template_name = "exports/call_exports.html"

    def get_context_data(self, **kwargs):
        call = get_object_or_404(Call, slug=self.kwargs["slug"])
        return super().get_context_data(
            call=call,
            bulk_exports=bulk_exports(call),
            datasets=spreadsheet_datasets(call),
            exports=exports_of_call(call),
            **kwargs,
        )


class CallExportStartView(StartExportMixin, View):
    def post(self, request, slug, kind):
        if kind not in {builder.kind for builder in call_exports()}:
            raise Http404
        call = get_object_or_404(Call, slug=slug)
        back = reverse("exports:call_exports", kwargs={"slug": slug})
        return self.start(kind=kind, params={"call": call.pk}, back=back)


class ExportMixin(PermissionRequiredMixin):
    """One export (URL kwarg `pk`): its requester and staff; anyone else gets 404."""

    permission_required = "exports.view_export"

    @cached_property
    def export(self):
        return get_object_or_404(
            Export.objects.select_related("requested_by"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.export

    def get_context_data(self, **kwargs):
        return super().get_context_data(export=self.export, **kwargs)


class ExportDetailView(ExportMixin, TemplateView):
    template_name = "exports/detail.html"


class ExportProgressView(ExportMixin, TemplateView):
    """The progress fragment, polled by htmx every second while the export is being built."""

    template_name = "exports/_progress.html"


class ExportDownloadView(ExportMixin, View):
    """The file as an attachment; an expired export answers 410 with an explanation."""

    def get(self, request, pk):
        export = self.export
        if export.is_expired:
            return TemplateResponse(request, "exports/expired.html", {"export": export}, status=410)
        if not export.is_done or not export.file:
            raise Http404
        return file_response(
            export.file.open("rb"),
            filename=export.filename,
            content_type=guess_content_type(export.filename),
        )


class ExportRetryView(ExportMixin, View):
    permission_required = "exports.retry_export"
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            export_retry(export=self.export)
        except ValidationError as error:
            show_refusal(request, error)
        return redirect(self.export)


class ExportListView(LoginRequiredMixin, ListView):
    """Mijn exports: one's own, newest first; staff see everyone's."""

    template_name = "exports/list.html"
    context_object_name = "exports"
    paginate_by = 25

    def get_queryset(self):
        return exports_for_user(self.request.user)
