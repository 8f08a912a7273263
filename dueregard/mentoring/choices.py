"""Topics and availability slots people choose from (not characteristics: those come from
the frameworks)."""

from django.utils.translation import gettext_lazy as _

TOPICS = [
    ("career", _("Career progression and promotion")),
    ("lived-experience", _("Lived experience of discrimination at work")),
    ("board", _("Boards, governance and decision making")),
    ("recruitment", _("Fair recruitment and selection")),
    ("networks", _("Staff networks and allyship")),
    ("inequalities", _("Health inequalities in our services")),
    ("culture", _("Team culture and speaking up")),
    ("strategy", _("Strategy, finance and planning")),
    ("clinical", _("Clinical leadership")),
    ("wellbeing", _("Wellbeing and flexible working")),
]

DAYS = [("mon", _("Monday")), ("tue", _("Tuesday")), ("wed", _("Wednesday"))]
DAYS += [("thu", _("Thursday")), ("fri", _("Friday"))]
PARTS = [("am", _("morning")), ("pm", _("afternoon"))]
SLOTS = [(f"{d}-{p}", f"{dn} {pn}") for d, dn in DAYS for p, pn in PARTS]

TOPIC_NAMES = dict(TOPICS)
SLOT_NAMES = dict(SLOTS)


def topic_names(codes) -> list[str]:
    return [str(TOPIC_NAMES[c]) for c, _n in TOPICS if c in set(codes or ())]


def slot_names(codes) -> list[str]:
    return [str(SLOT_NAMES[c]) for c, _n in SLOTS if c in set(codes or ())]
