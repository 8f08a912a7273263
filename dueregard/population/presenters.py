def area_choices(areas) -> list[tuple[str, str]]:
    """One choice per area code (the latest year's name)."""
    names: dict[str, str] = {}
    for area in areas.order_by("year"):
        names[area.code] = f"{area.name} ({area.code})"
    return sorted(names.items(), key=lambda item: item[1])


def percent(value) -> str:
    return "" if value is None else f"{value:.1f}%"
