"""The applicant's home-page panel of this app (registered in apps.py, see plgportal.home)."""

from applications.selectors import dossiers_of_user


def applicant_dossiers(request) -> dict:
    return {"dossiers": dossiers_of_user(request.user)}
