"""A trajectory's products and its evaluation report: written by the participants with the
coach, decided by staff, exported as PDF. Anyone else: 404, or the login page."""

from functools import cached_property

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from plgportal.downloads import file_response, guess_content_type
from plgportal.service_forms import ServiceFormMixin
from sessions.charts import feedback_chart
from sessions.documents import (
    evaluation_report_pdf,
    evaluation_report_pdf_filename,
    report_context,
)
from sessions.enums import ReportStatus
from sessions.feedback.figures import report_prefill
from sessions.guards import REPORT_TEXT_FIELDS, report_missing_parts
from sessions.mixins import TrajectoryMixin
from sessions.report.forms import ProductForm, ReportDecisionForm, ReportForm
from sessions.report.services import (
    REPORT_PART_MISSING,
    product_removal_check,
    product_remove,
    product_save,
    report_for,
    report_save,
    report_set_status,
)


class ProductListView(ServiceFormMixin, TrajectoryMixin, TemplateView):
    """The PLG's products; POST adds one."""

    template_name = "sessions/report/products.html"

    def get_form(self, data=None, files=None) -> ProductForm:
        action = reverse("sessions:trajectory_products", kwargs={"pk": self.trajectory.pk})
        return ProductForm(data, files, trajectory=self.trajectory, action=action)

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            products=self.trajectory.products.select_related("school").order_by("title"),
            form=form or self.get_form(),
            **kwargs,
        )

    def posted_form(self):
        return self.get_form(self.request.POST, self.request.FILES)

    def call_service(self, form):
        product_save(trajectory=self.trajectory, **form.cleaned_data)
        return _("Het product is bewaard.")

    def get_success_url(self):
        return reverse("sessions:trajectory_products", kwargs={"pk": self.trajectory.pk})


class ProductEditView(ServiceFormMixin, TrajectoryMixin, TemplateView):
    template_name = "sessions/report/product_edit.html"

    @cached_property
    def product(self):
        return get_object_or_404(self.trajectory.products.all(), pk=self.kwargs["product_pk"])

    def get_form(self, data=None, files=None) -> ProductForm:
        action = reverse(
            "sessions:trajectory_product_edit",
            kwargs={"pk": self.trajectory.pk, "product_pk": self.product.pk},
        )
        return ProductForm(
            data, files, trajectory=self.trajectory, product=self.product, action=action
        )

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            product=self.product, form=form or self.get_form(), **kwargs
        )

    def posted_form(self):
        return self.get_form(self.request.POST, self.request.FILES)

    def call_service(self, form):
        product_save(trajectory=self.trajectory, product=self.product, **form.cleaned_data)
        return _("Het product is bewaard.")

    def get_success_url(self):
        return reverse("sessions:trajectory_products", kwargs={"pk": self.trajectory.pk})


class ProductRemoveView(TrajectoryMixin, TemplateView):
    """The coach or staff: GET asks first ("Product verwijderen?"), or says why the product cannot
    be removed; POST removes it (sessions.report.services.product_remove). Back to the
    products."""

    permission_required = "sessions.coach_trajectory"
    template_name = "sessions/report/product_remove_confirm.html"

    @cached_property
    def product(self):
        return get_object_or_404(self.trajectory.products.all(), pk=self.kwargs["product_pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            product=self.product, refusal=product_removal_check(self.product), **kwargs
        )

    def post(self, request, pk, product_pk):
        try:
            product_remove(product=self.product, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Het product “%(title)s” is verwijderd.") % {"title": self.product}
            )
        return redirect("sessions:trajectory_products", pk=pk)


class ProductAttachmentView(TrajectoryMixin, View):
    """The product's attachment as a download, for everyone who may see the trajectory; 404
    when the product has none."""

    def get(self, request, pk, product_pk):
        product = get_object_or_404(self.trajectory.products.all(), pk=product_pk)
        if not product.attachment:
            raise Http404
        filename = product.attachment_name or product.attachment.name.rsplit("/", 1)[-1]
        return file_response(
            product.attachment.open("rb"),
            filename=filename,
            content_type=guess_content_type(filename),
        )


class ReportMixin(TrajectoryMixin):
    @cached_property
    def report(self):
        return report_for(self.trajectory)

    def report_context(self) -> dict:
        return report_context(self.report, self.trajectory)


class ReportView(ServiceFormMixin, ReportMixin, TemplateView):
    """The report in the foundation's template, with the figures pulled from the meetings; its
    writers edit it while it is a draft or changes are asked; POST saves the texts."""

    template_name = "sessions/report/report.html"

    @cached_property
    def can_write(self) -> bool:
        return rules.has_perm("sessions.write_report", self.request.user, self.report)

    def get_context_data(self, form=None, decision_form=None, **kwargs):
        manages = self.request.user.has_perm("sessions.manage_trajectories", self.trajectory)
        can_decide = rules.has_perm("sessions.decide_report", self.request.user, self.report)
        if can_decide and decision_form is None:
            decision_form = ReportDecisionForm(
                action=reverse(
                    "sessions:trajectory_report_decide", kwargs={"pk": self.trajectory.pk}
                )
            )
        context = self.report_context()
        feedback = context["feedback"]
        if self.can_write and form is None:
            form = ReportForm(report=self.report, prefill=report_prefill(feedback))
        return super().get_context_data(
            **context,
            feedback_chart=feedback_chart(feedback.feedback, dom_id="report-feedback-chart"),
            can_quote=self.request.user.has_perm("sessions.choose_report_quotes", self.trajectory),
            can_write=self.can_write,
            form=form,
            decision_form=decision_form if can_decide else None,
            history=self.history() if manages else None,
            **kwargs,
        )

    def history(self) -> list:
        """The report's status history, shown to staff (none before its first save)."""
        if self.report.pk is None:
            return []
        return list(self.report.status_changes.select_related("changed_by"))

    def post(self, request, pk):
        if not self.can_write:
            raise PermissionDenied
        return super().post(request, pk)

    def posted_form(self):
        return ReportForm(self.request.POST, report=self.report)

    def call_service(self, form):
        report_save(report=self.report, by=self.request.user, **form.cleaned_data)
        return _("Het verslag is bewaard.")

    def service_succeeded(self, form, result):
        """On "Verslag indienen…": the texts on screen are saved (above); with required parts
        empty the page comes back with a message beside each, otherwise the confirmation."""
        if "submit_report" not in self.request.POST:
            return super().service_succeeded(form, result)
        missing = report_missing_parts(form.cleaned_data)
        if not missing:
            return redirect("sessions:trajectory_report_submit", pk=self.trajectory.pk)
        form.add_error(
            None,
            _("Het verslag is bewaard, maar nog niet ingediend: vul eerst %(parts)s in.")
            % {"parts": ", ".join(str(form.fields[name].label) for name in missing)},
        )
        for name in missing:
            form.add_error(name, REPORT_PART_MISSING)
        return self.form_invalid(form)

    def get_success_url(self):
        return reverse("sessions:trajectory_report", kwargs={"pk": self.trajectory.pk})


class ReportSubmitView(ReportMixin, TemplateView):
    """GET: what will be submitted, to confirm ("Definitief indienen") or go back; a report
    that cannot be submitted (not a writer, not editable, required parts empty) sends the user
    back to the report with a message. POST: the writers hand in the report as stored; back to
    the report with a message."""

    template_name = "sessions/report/submit_confirm.html"

    def get(self, request, pk):
        report = self.report
        if not rules.has_perm("sessions.write_report", request.user, report):
            messages.error(request, _("U kunt dit verslag niet indienen."))
            return redirect("sessions:trajectory_report", pk=pk)
        texts = {name: getattr(report, name) for name in REPORT_TEXT_FIELDS}
        if report_missing_parts(texts):
            messages.error(request, _("Vul eerst alle verplichte delen van het verslag in."))
            return redirect("sessions:trajectory_report", pk=pk)
        return self.render_to_response(self.get_context_data(**self.report_context()))

    def post(self, request, pk):
        try:
            report_set_status(report=self.report, status=ReportStatus.SUBMITTED, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else ""
            if set(getattr(error, "error_dict", {})) & set(REPORT_TEXT_FIELDS):
                text = _("Vul eerst alle verplichte delen van het verslag in.")
            messages.error(request, text or _("U kunt dit verslag niet indienen."))
        else:
            messages.success(request, _("Het verslag is ingediend bij de Stichting."))
        return redirect("sessions:trajectory_report", pk=pk)


class ReportDecideView(ReportMixin, View):
    """POST (staff): approve the submitted report or ask for changes (with comments). Bad input:
    the report page again, with the message next to the field."""

    permission_required = "sessions.manage_trajectories"

    def post(self, request, pk):
        form = ReportDecisionForm(
            request.POST, action=reverse("sessions:trajectory_report_decide", kwargs={"pk": pk})
        )
        if form.is_valid():
            try:
                report_set_status(
                    report=self.report,
                    status=form.cleaned_data["decision"],
                    by=request.user,
                    reason=form.cleaned_data["comments"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("De beslissing over het verslag is bewaard."))
            return redirect("sessions:trajectory_report", pk=pk)
        view = ReportView(request=request, kwargs=self.kwargs, args=())
        view.trajectory = self.trajectory
        return view.render_to_response(view.get_context_data(decision_form=form))


class ReportPdfView(ReportMixin, View):
    """The report with the pulled figures as PDF, for everyone who may see the trajectory."""

    def get(self, request, pk):
        return file_response(
            evaluation_report_pdf(self.report, self.trajectory),
            filename=evaluation_report_pdf_filename(self.report),
            content_type="application/pdf",
        )
