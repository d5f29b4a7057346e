"""Who may see and do what in a trajectory."""

import rules
from django.db.models import Q
from django.utils import timezone

from applications.rules import is_dossier_member, is_invitee
from plgportal.accounts.rules import is_applicant, is_coach, is_foundation_staff
from sessions.enums import MeetingRole
from sessions.models import Participant
from sessions.participation import schools_of_person


@rules.predicate
def is_trajectory_coach(user, trajectory):
    return trajectory is not None and user.is_authenticated and trajectory.coach_id == user.pk


@rules.predicate
def is_trajectory_participant(user, trajectory):
    """The dossier's applicants (contact person, partner directors) and delegates with an
    account (matched by their verified address)."""
    if trajectory is None or not user.is_authenticated:
        return False
    if is_dossier_member(user, trajectory.dossier):
        return True
    email = user.email.lower()
    return any(p.email.lower() == email for p in trajectory.participants.all())


@rules.predicate
def speaks_for_school(user, school):
    """A participant of the school's trajectory who stands for that school (sessions.
    participation.schools_of_person): its director or the dossier's contact person, or one of
    its delegates. Prefetch the trajectory's participants and the dossier's collaborators."""
    if school is None or not user.is_authenticated:
        return False
    trajectory = getattr(school.dossier, "trajectory", None)
    if not is_trajectory_participant(user, trajectory):
        return False
    dossier = trajectory.dossier
    schools = schools_of_person(
        schools=dossier.schools.all(),
        is_contact=dossier.created_by_id == user.pk,
        lead_school_id=dossier.lead_school_id,
        own_collaborators=[c for c in dossier.collaborators.all() if is_invitee(user, c)],
        email=user.email,
        participants=trajectory.participants.all(),
    )
    return any(s.pk == school.pk for s in schools)


@rules.predicate
def is_meeting_coach(user, meeting):
    return meeting is not None and (
        is_foundation_staff(user) or is_trajectory_coach(user, meeting.trajectory)
    )


@rules.predicate
def is_meeting_reporter(user, meeting):
    """A signed-in user whose address is that of a participant, active today, of a school that
    takes the reporter role in the meeting (one query)."""
    if meeting is None or meeting.trajectory_id is None or not user.is_authenticated:
        return False
    if not user.email:
        return False
    today = timezone.localdate()
    return (
        Participant.objects.filter(
            trajectory_id=meeting.trajectory_id,
            email__iexact=user.email,
            school__roles_taken__meeting=meeting,
            school__roles_taken__role=MeetingRole.REPORTER,
        )
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
        .exists()
    )


@rules.predicate
def is_report_writer(user, trajectory):
    """The report is written together by the participants and the coach (staff only decide)."""
    return is_trajectory_coach(user, trajectory) or is_trajectory_participant(user, trajectory)


@rules.predicate
def writes_report(user, report):
    return report is not None and is_report_writer(user, report.trajectory)


@rules.predicate
def report_is_editable(user, report):
    return report is not None and report.is_editable


@rules.predicate
def report_awaits_decision(user, report):
    return report is not None and report.awaits_decision


# Staff and coaches follow trajectories: a call's overview (a coach sees their own rows in it).
rules.add_perm("sessions.follow_trajectories", is_foundation_staff | is_coach)
# Whose trajectory list has rows: staff (every trajectory), coaches and applicants (their own).
# Jurors follow none: their list says why.
rules.add_perm("sessions.list_trajectories", is_foundation_staff | is_coach | is_applicant)
# What that list holds (`sessions.selectors.trajectories_for_user`): staff every trajectory,
# a coach the ones they coach, anyone else those they take part in.
rules.add_perm("sessions.view_all_trajectories", is_foundation_staff)
rules.add_perm("sessions.coach_trajectories", is_coach)
# Applicants' home page shows a panel per trajectory they take part in.
rules.add_perm("sessions.view_trajectory_panels", is_applicant)
# The calendar addresses page: everyone signed in has their own feed.
rules.add_perm("sessions.view_calendar_links", rules.is_authenticated)
# Object: a Trajectory (prefetch dossier__collaborators and participants to avoid queries).
rules.add_perm(
    "sessions.view_trajectory",
    is_foundation_staff | is_trajectory_coach | is_trajectory_participant,
)
rules.add_perm("sessions.coach_trajectory", is_foundation_staff | is_trajectory_coach)
rules.add_perm("sessions.manage_trajectories", is_foundation_staff)
# Object: an EvaluationReport (perhaps unsaved). Its writers change it while it is a draft or
# changes were asked; staff decide on it once submitted.
rules.add_perm("sessions.write_report", writes_report & report_is_editable)
rules.add_perm("sessions.decide_report", is_foundation_staff & report_awaits_decision)
# Object: a Meeting of a trajectory (select_related trajectory for staff/coach checks).
rules.add_perm("sessions.write_minutes", is_meeting_coach | is_meeting_reporter)
# Object: a Trajectory. The participants' answers after its meetings (response rate, score
# counts, lines; never who gave which: sessions.feedback.figures): its coach and staff.
rules.add_perm("sessions.view_feedback", is_foundation_staff | is_trajectory_coach)
# Object: a Trajectory. Which of those lines the evaluation report quotes: its coach, who
# writes the report with the participants (who must not pick among their colleagues' answers).
rules.add_perm("sessions.choose_report_quotes", is_trajectory_coach)
# Object: a School of a trajectory. Its indicators (before and after) are filled in by those
# who stand for it; the signed link in the mail does the same without an account.
rules.add_perm("sessions.fill_in_indicators", speaks_for_school)
# Object: a Trajectory. Sending a school its link again: its coach and staff.
rules.add_perm("sessions.send_indicator_link", is_foundation_staff | is_trajectory_coach)
