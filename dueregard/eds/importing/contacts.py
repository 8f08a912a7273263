"""The header block of a section: the organisation's name and the lead contacts."""

from __future__ import annotations

import re

from .results import LeadContact
from .text_lines import _Line
from .vocabulary import _CONTACT_LABEL, _NAME_LABEL, _ORG, _ROLE_WORDS


def _header_block(
    lines: list[_Line], run: list[int], organisation: str
) -> tuple[str, list[str], set[int]]:
    """(organisation, contact items, leftover line indices) of a Name/Lead contact block."""
    org = ""
    items: list[str] = []
    leftover: set[int] = set()
    collecting = False
    collected_since_blank = False
    for i in run:
        line = lines[i]
        if line.blank:
            if collecting and collected_since_blank:
                collecting = False
            continue
        line_used = False
        for cell in line.cells:
            contact = _CONTACT_LABEL.match(cell)
            name = _NAME_LABEL.match(cell)
            if contact:
                collecting = True
                collected_since_blank = False
                line_used = True
                if contact.group("rest").strip():
                    items.append(contact.group("rest").strip())
                    collected_since_blank = True
                continue
            if name:
                line_used = True
                value = name.group("rest").strip()
                if value and _is_org(value, organisation):
                    org = org or value
                elif value:
                    items.append(value)
                continue
            if _is_org(cell, organisation):
                org = org or cell
                line_used = True
                continue
            if collecting and (
                len(cell.split()) > 8 or (cell.endswith(".") and len(cell.split()) >= 5)
            ):
                collecting = False  # a sentence: the narrative has begun
            if collecting:
                items.append(cell)
                collected_since_blank = True
                line_used = True
        if not line_used:
            leftover.add(i)
    return org, items, leftover


def _is_org(text: str, organisation: str) -> bool:
    text = text.strip()
    if organisation and text.casefold() == organisation.casefold():
        return True
    return bool(_ORG.fullmatch(text))


def _is_name(text: str) -> bool:
    words = text.replace(".", ". ").split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in text):
        return False
    titles = {
        "dr",
        "dr.",
        "prof",
        "prof.",
        "professor",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "sir",
        "dame",
        "lord",
        "lady",
    }
    for word in words:
        bare = word.strip(".,;()").casefold()
        if bare in titles:
            continue
        if bare in _ROLE_WORDS or not word[:1].isupper():
            return False
    return True


def _is_role(text: str) -> bool:
    words = [word.strip(".,;()&").casefold() for word in text.split()]
    words = [word for word in words if word]
    return bool(words) and words[0] in _ROLE_WORDS


def _contacts(items: list[str]) -> tuple[LeadContact, ...]:
    contacts: list[list[str]] = []  # [name, role]

    def add_role(role: str) -> None:
        if contacts and not contacts[-1][1]:
            contacts[-1][1] = role
        else:
            contacts.append(["", role])

    for raw in items:
        item = raw.strip(" ;,")
        if item.startswith("(") and ")" not in item:
            item = item[1:]
        if item.endswith(")") and "(" not in item:
            item = item[:-1]
        item = item.strip(" ;,")
        if not item:
            continue
        pairs = list(
            re.finditer(r"([A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){1,3})\s*\(([^)]+)\)", item)
        )
        if pairs and sum(len(m.group(0)) for m in pairs) >= 0.8 * len(item.replace(" ", "")) - 5:
            for match in pairs:
                contacts.append([match.group(1).strip(), match.group(2).strip()])
            continue
        if (
            contacts
            and contacts[-1][1]
            and (
                contacts[-1][1].rstrip().endswith(("&", " and", " of", ",", "-", "–", " for"))
                or item[:1].islower()
            )
        ):
            contacts[-1][1] = f"{contacts[-1][1]} {item}"
            continue
        parts = (
            [part.strip() for part in item.split(",") if part.strip()] if "," in item else [item]
        )
        for part in parts:
            if _is_name(part):
                contacts.append([part, ""])
            elif _is_role(part):
                add_role(part)
            else:
                words = part.split()
                cut = next(
                    (
                        k
                        for k, word in enumerate(words)
                        if k >= 2 and word.strip(".,;()").casefold() in _ROLE_WORDS
                    ),
                    None,
                )
                if cut is not None and _is_name(" ".join(words[:cut])):
                    contacts.append([" ".join(words[:cut]), " ".join(words[cut:])])
                else:
                    contacts.append([part, ""])
    return tuple(LeadContact(name=name, role=" ".join(role.split())) for name, role in contacts)
