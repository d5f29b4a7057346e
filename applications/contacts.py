"""Who is mailed about a dossier: its contact person and the invited partner directors.

Every mail about a dossier (submission confirmation, draft reminders, the jury's result, the
evaluation-report reminders) goes to `dossier_contacts`, so they all reach the same people.
"""

from dataclasses import dataclass

from applications.enums import CollaboratorRole
from plgportal.text import comparable_email


@dataclass(frozen=True)
class Contact:
    email: str
    name: str = ""


def unique_contacts(people) -> list:
    """`people` (anything with .email) once per address, the first of each kept, in order.
    Addresses compare as `comparable_email`: "Jan@School.be" and "jan@school.be" are one
    person, who gets one mail."""
    seen: dict[str, object] = {}
    for person in people:
        seen.setdefault(comparable_email(person.email), person)
    return list(seen.values())


def dossier_contacts(dossier) -> list[Contact]:
    """The dossier's contact person (its creator), then each invited partner director, once per
    address (see `unique_contacts`). The contact person's own collaborator row is not read: its
    address is the creator's. Select `created_by`; prefetch `collaborators__user` (names)."""
    creator = dossier.created_by
    partners = [
        Contact(c.email, c.user.full_name if c.user_id else "")
        for c in dossier.collaborators.all()
        if c.role == CollaboratorRole.PARTNER
    ]
    return unique_contacts([Contact(creator.email, creator.full_name), *partners])
