"""The juror's home-page panel of this app (registered in apps.py, see plgportal.home)."""

from jury.selectors import juror_dashboard


def juror_juries(request) -> dict:
    return {"juries": juror_dashboard(request.user)}
