"""Writes of the schools' indicators: their definitions on the call, a school's record at one
moment, and the link the coach sends again. The request itself is mailed by the reminder
scheduler (sessions.indicators.reminders)."""

import hashlib
from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import School
from plgportal.accounts.models import User
from plgportal.calls.models import Call
from plgportal.calls.texts import texts_of, translated
from plgportal.outbox.models import Email
from plgportal.outbox.services import email_render_and_queue
from plgportal.urls_absolute import absolute_url
from sessions.enums import IndicatorKind, IndicatorMoment
from sessions.indicators.figures import (
    STARTERS,
    STARTERS_LEFT,
    Value,
    check_values,
    moment_is_open,
)
from sessions.indicators.selectors import (
    definition_facts,
    definitions_of,
    joint_event_dates,
    school_recipients,
)
from sessions.indicators.tokens import VALID_FOR, indicator_token
from sessions.models import IndicatorDefinition, IndicatorRecord, IndicatorValue

# What the 2024 call asks (as migration 0011 gave the calls that existed then); a call without
# indicators gets these. Dutch data, not interface text: staff edit them per call in the admin.
_NUMBER, _YES_NO, _TEXT = IndicatorKind.NUMBER, IndicatorKind.YES_NO, IndicatorKind.TEXT
DEFAULT_DEFINITIONS = (
    # (code, kind, (Dutch label, French label), (Dutch help, French help), required)
    (
        STARTERS,
        _NUMBER,
        (
            "Hoeveel leerkrachten begonnen de voorbije twee schooljaren in uw school?",
            "Combien d'enseignants ont commencé dans votre école au cours des deux dernières "
            "années scolaires\u00a0?",
        ),
        (
            "Startende leerkrachten: hun eerste opdracht in het onderwijs of in uw school.",
            "Enseignants débutants\u00a0: leur première mission dans l'enseignement ou dans "
            "votre école.",
        ),
        True,
    ),
    (
        STARTERS_LEFT,
        _NUMBER,
        (
            "Hoeveel van hen hebben de school intussen verlaten?",
            "Combien d'entre eux ont entre-temps quitté l'école\u00a0?",
        ),
        ("", ""),
        True,
    ),
    (
        "absence_days",
        _NUMBER,
        (
            "Hoeveel afwezigheidsdagen telden de leerkrachten het voorbije schooljaar?",
            "Combien de jours d'absence les enseignants ont-ils comptés au cours de la dernière "
            "année scolaire\u00a0?",
        ),
        (
            "Alleen als u het weet; laat anders leeg.",
            "Uniquement si vous le savez\u00a0; sinon, laissez vide.",
        ),
        False,
    ),
    (
        "induction_policy",
        _YES_NO,
        (
            "Heeft de school een beleid voor aanvangsbegeleiding of mentoring?",
            "L'école a-t-elle une politique d'accompagnement des débutants ou de mentorat\u00a0?",
        ),
        ("", ""),
        True,
    ),
    (
        "career_policy",
        _YES_NO,
        (
            "Heeft de school een beleid voor loopbaangesprekken?",
            "L'école a-t-elle une politique d'entretiens de carrière\u00a0?",
        ),
        ("", ""),
        True,
    ),
    (
        "policy_change",
        _TEXT,
        (
            "Wat veranderde er in het beleid van uw school?",
            "Qu'est-ce qui a changé dans la politique de votre école\u00a0?",
        ),
        (
            "Bij de start: wat u wilt veranderen. Na de slotbijeenkomst: wat er veranderde.",
            "Au lancement\u00a0: ce que vous voulez changer. Après la rencontre de clôture\u00a0: "
            "ce qui a changé.",
        ),
        False,
    ),
)


@transaction.atomic
def indicator_definitions_ensure(*, call: Call) -> list[IndicatorDefinition]:
    """The call's indicators, in order. Side effect: a call without any gets
    DEFAULT_DEFINITIONS, in Dutch and French whatever language is active."""
    definitions = definitions_of(call.pk)
    if definitions:
        return definitions
    IndicatorDefinition.objects.bulk_create(
        IndicatorDefinition(
            call=call,
            position=position,
            code=code,
            kind=kind,
            **translated("label", dutch=label[0], french=label[1]),
            **translated("help_text", dutch=help_text[0], french=help_text[1]),
            required=required,
        )
        for position, (code, kind, label, help_text, required) in enumerate(
            DEFAULT_DEFINITIONS, start=1
        )
    )
    return definitions_of(call.pk)


@transaction.atomic
def indicator_definitions_copy(*, source: Call, copy: Call) -> None:
    """A copied call asks its schools what its source asked (registered as a step of
    plgportal.calls.services.call_copy). Side effect: one IndicatorDefinition per source one."""
    IndicatorDefinition.objects.bulk_create(
        IndicatorDefinition(
            call=copy,
            position=d.position,
            code=d.code,
            kind=d.kind,
            **texts_of(d, "label"),
            **texts_of(d, "help_text"),
            required=d.required,
        )
        for d in definitions_of(source.pk)
    )


def _clean(definition: IndicatorDefinition, value) -> Value:
    """The value as its kind stores it (None: not given); ValidationError if it is not one."""
    if value is None or value == "":
        return "" if definition.kind == IndicatorKind.TEXT else None
    if definition.kind == IndicatorKind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError({definition.code: _("Geef een aantal van 0 of meer.")})
        return value
    if definition.kind == IndicatorKind.YES_NO:
        if not isinstance(value, bool):
            raise ValidationError({definition.code: _("Kies ja of nee.")})
        return value
    return str(value).strip()


def _store(value: IndicatorValue, cleaned: Value) -> None:
    kind = value.definition.kind
    value.number = cleaned if kind == IndicatorKind.NUMBER else None
    value.yes_no = cleaned if kind == IndicatorKind.YES_NO else None
    value.text = cleaned if kind == IndicatorKind.TEXT else ""


@transaction.atomic
def indicator_record_save(
    *,
    school: School,
    moment: str,
    values: Mapping[str, object],
    by: User | None = None,
    now: datetime | None = None,
) -> IndicatorRecord:
    """The school's indicators at `moment` (code -> number, True/False or text; None or ""
    for not given), replacing earlier ones: through the signed link (`by` None) or by a
    signed-in contact person or delegate of the school.

    Refused (ValidationError, nothing written) before the moment opens (the kick-off's or the
    closing event's day), for a required indicator left empty, a value of the wrong kind, or
    more starters who left than started. Side effects: the school's one IndicatorRecord of
    that moment (created on the first save; its row locked, so two submits at once write one
    set), one IndicatorValue per indicator of the call, `filled_in_at` on the first save,
    `updated_at` and `updated_by` on every one.
    """
    now = now or timezone.now()
    call_id = school.dossier.call_id
    kickoff, closing = joint_event_dates([call_id])[call_id]
    if moment not in IndicatorMoment.values or not moment_is_open(
        moment, kickoff=kickoff, closing=closing, today=timezone.localdate(now)
    ):
        raise ValidationError(_("Deze indicatoren kunnen nog niet ingevuld worden."), code="closed")
    definitions = definitions_of(call_id)
    cleaned, errors = {}, {}
    for definition in definitions:
        try:
            cleaned[definition.code] = _clean(definition, values.get(definition.code))
        except ValidationError as error:
            errors.update(error.message_dict)
    errors = check_values(definition_facts(definitions), cleaned) | errors
    if errors:
        raise ValidationError(errors)
    record, _created = IndicatorRecord.objects.select_for_update().get_or_create(
        school=school, moment=moment, defaults={"filled_in_at": now, "updated_at": now}
    )
    existing = {value.definition_id: value for value in record.values.all()}
    for definition in definitions:
        value = existing.get(definition.pk) or IndicatorValue(record=record, definition=definition)
        value.definition = definition
        before = (value.number, value.yes_no, value.text)
        _store(value, cleaned[definition.code])
        if value.pk is None or before != (value.number, value.yes_no, value.text):
            value.full_clean(exclude=["record", "definition"], validate_unique=False)
            value.save()
    record.updated_at = now
    record.updated_by = by
    record.save(update_fields=["updated_at", "updated_by"])
    return record


@transaction.atomic
def indicator_link_send(
    *, school: School, moment: str, by: User, now: datetime | None = None
) -> list[Email]:
    """The coach (or staff) sends the school's link again: to each of its contact persons
    (sessions.indicators.figures.contact_addresses), a fresh link valid for 30 days.

    Refused (ValidationError) before the moment opens, or when the school has nobody to mail.
    Side effects: one outbox Email per address (a new event each time: sending again is what
    was asked), in the recipient's language.
    """
    now = now or timezone.now()
    call_id = school.dossier.call_id
    kickoff, closing = joint_event_dates([call_id])[call_id]
    if moment not in IndicatorMoment.values or not moment_is_open(
        moment, kickoff=kickoff, closing=closing, today=timezone.localdate(now)
    ):
        raise ValidationError(_("Deze indicatoren kunnen nog niet ingevuld worden."), code="closed")
    recipients = school_recipients(school)
    if not recipients:
        raise ValidationError(_("Deze school heeft geen contactpersoon om te mailen."))
    context = request_context(school=school, moment=moment, issued_at=now)
    return [
        email_render_and_queue(
            to=address,
            template="emails/indicators_link",
            context={**context, "sender": by.get_full_name() if by else ""},
            event_key=_link_event_key(school=school, moment=moment, now=now, to=address),
        )
        for address in recipients
    ]


def _link_event_key(*, school: School, moment: str, now: datetime, to: str) -> str:
    """A new outbox event for every link sent again (to the millisecond), of bounded length."""
    digest = hashlib.sha256(to.encode()).hexdigest()[:16]
    return f"indicators-link:school-{school.pk}:{moment}:{int(now.timestamp() * 1000)}:{digest}"


def request_context(*, school: School, moment: str, issued_at: datetime) -> dict:
    """What the mail asking for a school's indicators shows: the school, the PLG, the moment,
    the signed link and until when it works."""
    return {
        "school": school,
        "plg": school.dossier,
        "moment": IndicatorMoment(moment),
        "is_after": moment == IndicatorMoment.AFTER,
        "action_url": absolute_url(
            "sessions:indicators_form",
            token=indicator_token(school_id=school.pk, moment=moment, issued_at=issued_at),
        ),
        "expires_at": issued_at + VALID_FOR,
    }
