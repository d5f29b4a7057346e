"""Who may download a call's tables: staff only. This package is no installed app, so the views
import this module to register the permission."""

import rules

from plgportal.accounts.rules import is_foundation_staff

rules.add_perm("spreadsheets.download", is_foundation_staff)
