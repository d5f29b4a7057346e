"""Factories for the sessions tests."""

from sessions.guards import REPORT_REQUIRED_PARTS
from sessions.services import trajectory_create_from_dossier
from tests.factories import eligible_dossier


def trajectory_for(dossier=None, coach=None, **dossier_kwargs):
    """A trajectory made from an eligible dossier (3 schools unless told), coached by `coach`."""
    trajectory = trajectory_create_from_dossier(
        dossier=dossier or eligible_dossier(**dossier_kwargs)
    )
    if coach is not None:
        trajectory.coach = coach
        trajectory.save(update_fields=["coach"])
    return trajectory


def complete_report_texts(**overrides) -> dict:
    """A text for every required part of the evaluation report: one that may be submitted."""
    return {name: f"Tekst voor {name}" for name in REPORT_REQUIRED_PARTS} | overrides
