"""A call's jury scores and ranking as tables for staff (plgportal.spreadsheets).

Scores are those the ranking counts: submitted reviews of admissible dossiers, never those of a
juror who declared a conflict of interest. The ranking table is the ranking export's
(`jury.exports.ranking_table`), computed by `jury.ranking`, not here.
"""

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.enums import DossierStatus
from jury.deliberation.selectors import ranking_data
from jury.enums import ReviewStatus
from jury.exports import ranking_headers, ranking_table
from jury.models import Jury, Score
from plgportal.calls.models import Call
from plgportal.spreadsheets.registry import Dataset
from plgportal.spreadsheets.tables import Column, Table, local, table_from_columns


def _scores(call: Call) -> QuerySet[Score]:
    return (
        Score.objects.filter(
            review__assignment__jury__call=call,
            review__assignment__dossier__status=DossierStatus.ADMISSIBLE,
            review__status=ReviewStatus.SUBMITTED,
        )
        .exclude(review__assignment__has_conflict=True)
        .select_related("review__assignment__juror", "review__assignment__dossier", "criterion")
        .order_by(
            F("review__assignment__dossier__reference").asc(nulls_last=True),
            "review__assignment__dossier__pk",
            "review__assignment__juror__full_name",
            "review__assignment__juror__pk",
            "criterion__position",
            "criterion__pk",
        )
    )


SCORE_COLUMNS: tuple[Column[Score], ...] = (
    (gettext_lazy("Dossiernummer"), lambda s: s.review.assignment.dossier.reference or ""),
    (gettext_lazy("Werktitel"), lambda s: s.review.assignment.dossier.working_title),
    (gettext_lazy("Jurylid"), lambda s: s.review.assignment.juror.get_full_name()),
    (gettext_lazy("Criterium"), lambda s: s.criterion.title),
    (gettext_lazy("Score"), lambda s: s.value),
    (gettext_lazy("Gewicht"), lambda s: s.criterion.weight),
    (gettext_lazy("Motivering"), lambda s: s.motivation),
    (gettext_lazy("Status beoordeling"), lambda s: s.review.get_status_display()),
    (gettext_lazy("Ingediend op"), lambda s: local(s.review.submitted_at)),
)


def scores_count(call: Call) -> int:
    return _scores(call).count()


def scores_table(call: Call) -> Table:
    """One row per score of a submitted review: dossier, juror, criterion."""
    return table_from_columns(_("Scores"), SCORE_COLUMNS, _scores(call))


def ranking_count(call: Call) -> int:
    return call.dossiers.filter(status=DossierStatus.ADMISSIBLE).count()


def ranking_table_for_call(call: Call) -> Table:
    """The ranking of the call's jury; without a jury yet, only the headers."""
    jury = Jury.objects.select_related("call").filter(call=call).first()
    if jury is None:
        headers = ranking_headers(call.criteria.all())
        return Table(title=_("Rangschikking"), headers=headers, rows=[])
    return ranking_table(ranking_data(jury))


# The call's tables this app adds to the export centre (registered in apps.py).
CALL_DATASETS = (
    Dataset("scores", gettext_lazy("Scores"), scores_count, scores_table),
    Dataset("rangschikking", gettext_lazy("Rangschikking"), ranking_count, ranking_table_for_call),
)
