"""Fixed answers an open call asks about: Agenda for Change bands and staff groups."""

from django.utils.translation import gettext_lazy as _

BANDS = [
    ("2", _("Band 2")),
    ("3", _("Band 3")),
    ("4", _("Band 4")),
    ("5", _("Band 5")),
    ("6", _("Band 6")),
    ("7", _("Band 7")),
    ("8a", _("Band 8a")),
    ("8b", _("Band 8b")),
    ("8c", _("Band 8c")),
    ("8d", _("Band 8d")),
    ("9", _("Band 9")),
    ("vsm", _("Very senior manager")),
    ("other", _("Another pay scale (for example medical)")),
]

STAFF_GROUPS = [
    ("nursing", _("Nursing and midwifery")),
    ("medical", _("Medical and dental")),
    ("ahp", _("Allied health professionals")),
    ("scientific", _("Healthcare scientists and scientific and technical")),
    ("admin", _("Administrative and clerical")),
    ("estates", _("Estates and ancillary")),
    ("support", _("Additional clinical services")),
]


def label(choices, code: str) -> str:
    return str(dict(choices).get(code, code))
