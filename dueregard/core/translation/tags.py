"""Language tags for HTML: Django's codes ("en-gb", "zh-hans") as BCP 47 ("en-GB", "zh-Hans")."""

from django.utils.translation import get_language_info


def bcp47(code: str) -> str:
    first, *rest = code.replace("_", "-").split("-")
    parts = [first.lower()]
    for part in rest:
        parts.append(part.upper() if len(part) == 2 else part.title())
    return "-".join(parts)


def direction(code: str) -> str:
    try:
        return "rtl" if get_language_info(code.lower())["bidi"] else "ltr"
    except KeyError:
        return "ltr"
