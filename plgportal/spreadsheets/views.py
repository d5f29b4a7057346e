"""Staff download one table of a call as XLSX or CSV: at once when it is small, otherwise as a
background export with a progress page. Anyone else: 403, or the login page."""

from functools import cached_property

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import View

from plgportal.calls.models import Call
from plgportal.downloads import file_response
from plgportal.exports.enums import ExportKind
from plgportal.exports.services import export_start
from plgportal.permissions import PermissionRequiredMixin
from plgportal.spreadsheets import rules  # noqa: F401 (registers the permission)
from plgportal.spreadsheets.registry import DATASETS, FORMATS, build_file
from plgportal.spreadsheets.tables import CONTENT_TYPES


class SpreadsheetDownloadView(PermissionRequiredMixin, View):
    """URL kwargs `slug` (the call), `dataset` (a name of DATASETS) and `fmt` (xlsx or csv)."""

    permission_required = "spreadsheets.download"
    http_method_names = ["get"]

    @cached_property
    def call(self) -> Call:
        return get_object_or_404(Call, slug=self.kwargs["slug"])

    def get(self, request, slug, dataset, fmt):
        if dataset not in DATASETS or fmt not in FORMATS:
            raise Http404
        if DATASETS[dataset].count(self.call) > settings.EXPORT_SYNC_ROW_LIMIT:
            export = export_start(
                kind=ExportKind.SPREADSHEET,
                requested_by=request.user,
                params={"call": self.call.pk, "dataset": dataset, "format": fmt},
            )
            return redirect(export.get_absolute_url())
        filename, content = build_file(call=self.call, dataset=dataset, fmt=fmt)
        return file_response(content, filename=filename, content_type=CONTENT_TYPES[fmt])
