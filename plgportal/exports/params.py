"""Reading an export's params: when it is started (refusals a user reads, in Dutch) and when it
is built (the stored params, already checked)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from plgportal.calls.models import Call


def pk_param(params: dict, key: str, *, missing: str) -> int:
    """params[key] as a primary key; ValidationError(`missing`) when absent or not a number."""
    try:
        return int(params[key])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError(missing) from exc


def call_to_export(params: dict) -> Call:
    """The call named by params["call"] of an export being started; ValidationError if none."""
    pk = pk_param(params, "call", missing=_("Deze export mist een geldige oproep."))
    call = Call.objects.filter(pk=pk).first()
    if call is None:
        raise ValidationError(_("Deze oproep bestaat niet."))
    return call


def exported_call(params: dict) -> Call:
    """The call of an export being built (Call.DoesNotExist once it was deleted)."""
    return Call.objects.get(pk=params["call"])
