"""Writes during and after a meeting: attendance, roles, preparation and minutes."""

from collections import Counter
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import School
from plgportal.uploads import CheckedFile
from sessions.enums import MeetingRole
from sessions.feedback.services import feedback_requests_open
from sessions.guards import held_refusal
from sessions.models import Attendance, Meeting, Minutes, Participant, Preparation, RoleTaken


def participants_active_on(participants: Iterable[Participant], day) -> list[Participant]:
    """The participants active on `day` (a replaced delegate drops out after their last day).
    Without a date, the participants still active now."""
    return [
        participant
        for participant in participants
        if (day is None and participant.active_until is None)
        or (
            day is not None
            and (participant.active_from is None or participant.active_from <= day)
            and (participant.active_until is None or participant.active_until >= day)
        )
    ]


@transaction.atomic
def attendance_save(
    *, meeting: Meeting, entries: Iterable[tuple[Participant, str, str]]
) -> list[Attendance]:
    """Record (participant, status, note) for each participant in `entries`.

    Side effects: one Attendance row per participant created or updated (others left alone);
    the meeting is marked held; a questionnaire opened for each participant present who has
    none (sessions.feedback.services.feedback_requests_open, mailed after the meeting). A
    meeting without a date, or dated after today, is refused (ValidationError, nothing saved):
    its hours would not count.
    """
    refusal = held_refusal(meeting.date, timezone.localdate())
    if refusal:
        raise ValidationError(refusal)
    saved = []
    for participant, status, note in entries:
        attendance = Attendance(meeting=meeting, participant=participant, status=status, note=note)
        attendance.full_clean(exclude=["meeting", "participant"], validate_unique=False)
        attendance, _created = Attendance.objects.update_or_create(
            meeting=meeting, participant=participant, defaults={"status": status, "note": note}
        )
        saved.append(attendance)
    if not meeting.held:
        meeting.held = True
        meeting.save(update_fields=["held"])
    feedback_requests_open(meeting=meeting)
    return saved


def roles_duplicated(roles: Iterable[str]) -> set[str]:
    """The roles given more than once: every role but "other" is taken at most once a meeting."""
    counts = Counter(role for role in roles if role and role != MeetingRole.OTHER)
    return {role for role, count in counts.items() if count > 1}


@transaction.atomic
def roles_save(*, meeting: Meeting, roles: dict[School, str]) -> list[RoleTaken]:
    """The role each school takes in the meeting ("" for none), replacing the previous ones.

    Raises ValidationError when a role other than "other" is given to two schools.
    Side effects: the meeting's RoleTaken rows deleted and created anew.
    """
    duplicated = roles_duplicated(roles.values())
    if duplicated:
        labels = ", ".join(str(MeetingRole(role).label) for role in sorted(duplicated))
        raise ValidationError(
            _("Elke rol kan maar één school opnemen: %(roles)s.") % {"roles": labels}
        )
    meeting.roles.all().delete()
    return RoleTaken.objects.bulk_create(
        RoleTaken(meeting=meeting, school=school, role=MeetingRole(role))
        for school, role in roles.items()
        if role
    )


@transaction.atomic
def preparation_save(
    *,
    meeting: Meeting,
    school: School,
    source_title: str = "",
    source_author: str = "",
    source_link: str = "",
    data_collected: str = "",
    source_file: CheckedFile | None = None,
) -> Preparation | None:
    """How `school` prepared the meeting. All fields empty means no preparation.

    Side effects: the school's Preparation row for the meeting created, updated, or deleted
    when every field is empty and it holds no file; a given `source_file` (inspected by the
    form) is stored under a generated name with the extension of its content, and replaces
    the previous one.
    """
    fields = {
        "source_title": source_title.strip(),
        "source_author": source_author.strip(),
        "source_link": source_link.strip(),
        "data_collected": data_collected.strip(),
    }
    existing = Preparation.objects.filter(meeting=meeting, school=school).first()
    has_file = source_file is not None or bool(existing and existing.source_file)
    if not any(fields.values()) and not has_file:
        if existing is not None:
            existing.delete()
        return None
    preparation = existing or Preparation(meeting=meeting, school=school)
    for name, value in fields.items():
        setattr(preparation, name, value)
    if source_file is not None:
        preparation.source_file = source_file.as_content_file("kennisbron")
        preparation.source_file_name = source_file.name
        fields.update(source_file=None, source_file_name=None)
    preparation.full_clean(validate_unique=False)
    if preparation.pk:
        preparation.save(update_fields=list(fields))
    else:
        preparation.save()
    return preparation


@transaction.atomic
def minutes_save(*, meeting: Meeting, text: str, decisions: str, next_steps: str, by) -> Minutes:
    """The minutes of the meeting (verslag), with its decisions and next steps.

    Side effects: the meeting's Minutes row created or updated, `written_by` set to `by`.
    """
    minutes = Minutes.objects.filter(meeting=meeting).first() or Minutes(meeting=meeting)
    minutes.text = text
    minutes.decisions = decisions
    minutes.next_steps = next_steps
    minutes.written_by = by
    minutes.full_clean(exclude=["meeting"], validate_unique=False)
    if minutes.pk:
        minutes.save(update_fields=["text", "decisions", "next_steps", "written_by", "updated_at"])
    else:
        minutes.save()
    return minutes
