"""PDF/UA details WeasyPrint leaves out, mended in the structure tree with pypdf:

- every table header cell (``TH``) says what it heads: ``/Scope /Column`` in the header
  row, ``/Scope /Row`` for the first cell of a body row;
- a table that runs over several pages stays one ``Table`` element: WeasyPrint starts a
  new ``Table`` (without a caption) on each page; its rows are moved into the first part's
  ``TBody`` and the empty continuation is removed.

Only structure elements move; the marked content they point to is untouched.
"""

from __future__ import annotations

import io

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject


def _obj(x):
    return x.get_object() if isinstance(x, IndirectObject) else x


def _kids(elem) -> list:
    k = elem.get("/K")
    if k is None:
        return []
    k = _obj(k)
    return list(k) if isinstance(k, list) else [elem["/K"]]


def _is(elem, tag: str) -> bool:
    elem = _obj(elem)
    return isinstance(elem, DictionaryObject) and elem.get("/S") == tag


def _walk(elem, parent, out):
    elem_obj = _obj(elem)
    if not isinstance(elem_obj, DictionaryObject) or "/S" not in elem_obj:
        return
    out.append((elem, parent))
    for kid in _kids(elem_obj):
        _walk(kid, elem, out)


def _set_kids(elem, kids: list) -> None:
    _obj(elem)[NameObject("/K")] = ArrayObject(kids)


def mend(pdf: bytes) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    root = writer._root_object.get("/StructTreeRoot")
    if root is None:
        return pdf
    elements: list = []
    for top in _kids(_obj(root)):
        _walk(top, None, elements)
    parents = {id(_obj(e)): p for e, p in elements}
    for elem, parent in elements:
        e = _obj(elem)
        if e.get("/S") != "/TH" or parent is None:
            continue
        row_group = parents.get(id(_obj(parent)))
        scope = "/Column" if row_group is not None and _is(row_group, "/THead") else "/Row"
        e[NameObject("/A")] = DictionaryObject(
            {NameObject("/O"): NameObject("/Table"), NameObject("/Scope"): NameObject(scope)}
        )
    current = None  # the Table (with its caption) that continuation parts join
    for elem, parent in elements:
        e = _obj(elem)
        if e.get("/S") != "/Table":
            continue
        kids = _kids(e)
        if kids and _is(kids[0], "/Caption"):
            current = elem
            continue
        if current is None:
            continue
        bodies = [k for k in _kids(_obj(current)) if _is(k, "/TBody")]
        if not bodies:
            continue
        body = bodies[-1]
        rows = []
        for group in kids:
            rows.extend(_kids(_obj(group)))
        for row in rows:
            _obj(row)[NameObject("/P")] = body
        _set_kids(body, _kids(_obj(body)) + rows)
        # Remove the empty continuation, and any container it leaves empty.
        child, holder = elem, parent
        while holder is not None:
            remaining = [k for k in _kids(_obj(holder)) if _obj(k) is not _obj(child)]
            _set_kids(holder, remaining)
            if remaining:
                break
            child, holder = holder, parents.get(id(_obj(holder)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
