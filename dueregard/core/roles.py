"""Roles a membership can give, in the order people expect to read them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    EDI_LEAD = "edi_lead", _("Equality, diversity and inclusion (EDI) lead")
    ASSESSOR = "assessor", _("Assessor")
    PANEL_MEMBER = "panel_member", _("Local-interest panel member")
    DECISION_MAKER = "decision_maker", _("Decision maker")
    ANALYST = "analyst", _("Analyst")
    PROGRAMME_ORGANISER = "programme_organiser", _("Programme organiser")
    BOARD_MEMBER = "board_member", _("Board member")
    STAFF = "staff", _("Staff member")


# Roles that may be held at the level of a whole system (an ICS) as well as an organisation.
# A decision maker for the whole system signs off system-wide decisions (e.g. the ICS board).
SYSTEM_LEVEL_ROLES = frozenset(
    {Role.SYSTEM_ADMIN, Role.EDI_LEAD, Role.ANALYST, Role.BOARD_MEMBER, Role.DECISION_MAKER}
)
