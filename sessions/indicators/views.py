"""A school's indicators before and after: filled in from the mail's signed link (no account
needed: the link is the credential) or by a signed-in contact person or delegate of the school,
and the link sent again by the coach."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from plgportal.service_forms import ServiceFormMixin, show_refusal
from sessions.enums import IndicatorMoment
from sessions.indicators.forms import IndicatorsForm
from sessions.indicators.selectors import definitions_of, record_values, school_for_link
from sessions.indicators.services import indicator_link_send, indicator_record_save
from sessions.indicators.tokens import read_indicator_token
from sessions.mixins import TrajectoryMixin


class IndicatorsFormMixin(ServiceFormMixin):
    """GET: the call's indicators with the values saved so far; POST: save them (changeable
    later). Set `school` and `moment`."""

    template_name = "sessions/indicators/form.html"

    @cached_property
    def definitions(self):
        return definitions_of(self.school.dossier.call_id)

    @cached_property
    def record_and_values(self):
        return record_values(self.school, self.moment)

    def get_form(self, data=None):
        _record, values = self.record_and_values
        return IndicatorsForm(data, definitions=self.definitions, values=values)

    def posted_form(self):
        return self.get_form(self.request.POST)

    def get_context_data(self, form=None, **kwargs):
        record, _values = self.record_and_values
        return super().get_context_data(
            school=self.school,
            plg=self.school.dossier,
            record_moment=IndicatorMoment(self.moment),
            record=record,
            form=form or self.get_form(),
            **kwargs,
        )

    def call_service(self, form):
        user = self.request.user
        indicator_record_save(
            school=self.school,
            moment=self.moment,
            values=form.values(),
            by=user if user.is_authenticated else None,
        )
        return _(
            "Bedankt! De indicatoren van %(school)s zijn bewaard. U kunt ze hier nog wijzigen."
        ) % {"school": self.school.name}

    def get_success_url(self):
        return self.request.path


class IndicatorsLinkView(IndicatorsFormMixin, TemplateView):
    """From the mail. A link that is not ours answers 400, an expired one 410, each with a
    page that says so and how to get a new one (never a 404 or 500 to someone holding a real
    mail)."""

    def dispatch(self, request, *args, **kwargs):
        link = read_indicator_token(kwargs["token"])
        school = school_for_link(link.school_id) if link is not None else None
        if school is None or link.moment not in IndicatorMoment.values:
            return self.response_class(
                request=request, template="sessions/indicators/invalid.html", status=400
            )
        if link.is_expired_at(timezone.now()):
            return self.response_class(
                request=request,
                template="sessions/indicators/expired.html",
                context={"school": school, "link": link},
                status=410,
            )
        self.school, self.moment = school, link.moment
        return super().dispatch(request, *args, **kwargs)


class SchoolIndicatorsView(IndicatorsFormMixin, TrajectoryMixin, TemplateView):
    """Signed in: a contact person or delegate of the school (anyone else: 404)."""

    permission_required = "sessions.fill_in_indicators"

    @cached_property
    def school(self):
        for school in self.trajectory.dossier.schools.all():
            if school.pk == self.kwargs["school_pk"]:
                school.dossier.trajectory = self.trajectory  # the permission reads it
                return school
        raise Http404

    @property
    def moment(self):
        return self.kwargs["moment"]

    def get_permission_object(self):
        if self.moment not in IndicatorMoment.values:
            raise Http404
        return self.school


class IndicatorLinkSendView(TrajectoryMixin, View):
    """The coach (or staff) mails a school its link again; back to the trajectory. Its
    participants see the trajectory but may not (403); anyone else 404."""

    permission_required = "sessions.send_indicator_link"
    visible_permission = "sessions.view_trajectory"
    http_method_names = ["post"]

    def post(self, request, pk, school_pk, moment):
        school = next((s for s in self.trajectory.dossier.schools.all() if s.pk == school_pk), None)
        if school is None or moment not in IndicatorMoment.values:
            raise Http404
        try:
            sent = indicator_link_send(school=school, moment=moment, by=request.user)
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(
                request,
                _("De link voor %(school)s is verstuurd naar %(addresses)s.")
                % {"school": school.name, "addresses": ", ".join(email.to for email in sent)},
            )
        return redirect(reverse("sessions:trajectory_detail", kwargs={"pk": pk}) + "#indicators")
