from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    """The coached PLG trajectories.

    The label differs from the folder name because `django.contrib.sessions` already owns the
    label "sessions".
    """

    name = "sessions"
    label = "plg_sessions"
    verbose_name = _("Trajecten")

    def ready(self):
        # Imported here: these modules import models, which exist only once apps are loaded.
        from jury.hooks import on_results_published
        from plgportal.accounts.enums import NotificationKind, Role
        from plgportal.calls.registry import register_call_copy_step
        from plgportal.demo import register_demo_seed
        from plgportal.exports.registry import register_export
        from plgportal.home import HomePanel, register_home_panel
        from plgportal.reminders.registry import register_collector
        from plgportal.spreadsheets.registry import register_dataset
        from sessions import datasets, demo, exports, home, reminders
        from sessions.feedback.services import feedback_questions_copy
        from sessions.indicators.datasets import INDICATORS_DATASET
        from sessions.indicators.reminders import indicators_request_reminders
        from sessions.indicators.services import indicator_definitions_copy
        from sessions.services import trajectories_create_for_selected

        # What the core shows and runs of this app (plgportal.registry explains the pattern).
        register_home_panel("trajectories", HomePanel(Role.APPLICANT, home.applicant_trajectories))
        register_home_panel("coached_trajectories", HomePanel(Role.COACH, home.coach_trajectories))
        for dataset in datasets.CALL_DATASETS:
            register_dataset(dataset)
        register_dataset(INDICATORS_DATASET)
        register_collector(NotificationKind.MEETING_UPCOMING, reminders.meeting_upcoming_reminders)
        register_collector(NotificationKind.MINUTES_MISSING, reminders.minutes_missing_reminders)
        register_collector(NotificationKind.REPORT_DUE, reminders.report_due_reminders)
        register_collector(NotificationKind.FEEDBACK_REQUEST, reminders.feedback_request_reminders)
        register_collector(NotificationKind.INDICATORS_REQUEST, indicators_request_reminders)
        register_export(exports.CALL_REPORTS_EXPORT)
        register_export(exports.TRAJECTORY_BUNDLE_EXPORT)
        register_demo_seed("trajectories", demo.seed_trajectories)
        # A new call made as a copy asks the same questions after each meeting.
        register_call_copy_step("feedback_questions", feedback_questions_copy)
        # ... and asks its schools for the same indicators before and after.
        register_call_copy_step("indicator_definitions", indicator_definitions_copy)
        # Selected PLGs start their coached trajectory when the jury publishes its results.
        on_results_published("trajectories", trajectories_create_for_selected)
