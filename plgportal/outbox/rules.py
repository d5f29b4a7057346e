"""The outbox is staff business: they read every mail the portal sent and resend failed ones."""

import rules

from plgportal.accounts.rules import is_foundation_staff

rules.add_perm("outbox.view_outbox", is_foundation_staff)
rules.add_perm("outbox.resend_outbox_email", is_foundation_staff)
