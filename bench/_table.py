"""Plain-text rendering of the benchmark table."""

from __future__ import annotations


def render(rows: list[dict]) -> str:
    """One table: the union of the rows' columns; rows holding only ``note`` go below."""
    table = [r for r in rows if set(r) != {"note"}]
    notes = [r["note"] for r in rows if set(r) == {"note"}]
    columns: list[str] = []
    for row in table:
        for key in row:
            if key not in columns:
                columns.append(key)
    cells = [[str(row.get(c, "")) for c in columns] for row in table]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    lines = [
        " | ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)),
        "-+-".join("-" * w for w in widths),
    ]
    lines += [" | ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    if notes:
        lines.append("")
        lines += [f"  {n}" for n in notes]
    return "\n".join(lines)
