"""Pictures the organisation uploads for the sections of an Easy Read version.

Only PNG, JPEG and SVG, recognised by their bytes (never the file name), at most
``MAX_BYTES``. PNG and JPEG are opened with Pillow and written again (which drops EXIF,
comments and anything after the image); SVG is parsed without entities or network access
and refused when it holds anything active or external (scripts, event handlers, foreign
objects, links out of the file, CSS) — it is shown through ``<img>`` and drawn into the
PDF by WeasyPrint, which would otherwise fetch what it links to. Editor metadata and
comments are removed. The result is shown inline as a ``data:`` URI (the page's
Content-Security-Policy allows ``img-src data:``), so no file is served or stored on disk.
"""

from __future__ import annotations

import base64
import io
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 1024 * 1024
MAX_SIDE = 4000  # pixels; a picture beside a few lines of text needs far fewer
PNG, JPEG, SVG = "image/png", "image/jpeg", "image/svg+xml"

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_ALLOWED_ELEMENTS = {
    "svg", "g", "path", "circle", "ellipse", "rect", "line", "polyline", "polygon", "defs",
    "title", "desc", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "use",
    "symbol", "text", "tspan",
}  # fmt: skip
_DROPPED_ELEMENTS = {"metadata"}  # editor data, never drawn
_ALLOWED_ATTRIBUTES = {
    "id", "class", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx",
    "cy", "r", "rx", "ry", "d", "points", "fill", "fill-opacity", "fill-rule", "stroke",
    "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
    "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "transform",
    "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "fx", "fy",
    "clip-path", "clip-rule", "mask", "preserveAspectRatio", "version", "font-family",
    "font-size", "font-weight", "text-anchor", "dominant-baseline", "href", "role",
    "aria-hidden", "aria-label", "focusable", "space", "baseProfile", "spreadMethod",
    "patternUnits", "maskUnits", "clipPathUnits", "visibility", "display",
}  # fmt: skip
_LOCAL_URL = re.compile(r"url\(\s*#[\w.-]+\s*\)")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def check(upload) -> tuple[str, bytes]:
    """The content type and cleaned bytes of an uploaded picture, or a ValidationError
    saying plainly what is wrong with it."""
    size = getattr(upload, "size", None) or 0
    if size > MAX_BYTES:
        raise ValidationError(
            _("The picture must be %(max)s MB or smaller; this file is %(size)s MB")
            % {"max": _megabytes(MAX_BYTES), "size": _megabytes(size)}
        )
    data = upload.read(MAX_BYTES + 1)
    if not data:
        raise ValidationError(_("The picture file is empty"))
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The picture must be %(max)s MB or smaller") % {"max": _megabytes(MAX_BYTES)}
        )
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG, _reencoded(data, "PNG")
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG, _reencoded(data, "JPEG")
    if _looks_like_svg(data):
        return SVG, _clean_svg(data)
    raise ValidationError(_("The picture must be a PNG, JPEG or SVG file"))


def _reencoded(data: bytes, kind: str) -> bytes:
    from PIL import Image, ImageOps

    unreadable = ValidationError(
        _("The picture could not be read: it may be damaged. Save it again and upload it")
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.format != kind:
                raise unreadable
            if max(image.size) > MAX_SIDE:
                raise ValidationError(
                    _("The picture must be at most %(max)s pixels wide and high")
                    % {"max": MAX_SIDE}
                )
            image = ImageOps.exif_transpose(image)
            if kind == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, format=kind, **({"quality": 90} if kind == "JPEG" else {}))
    except ValidationError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise unreadable from exc
    return out.getvalue()


def _looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return (
        head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in data.lower()
    )


def _refuse(what: str):
    raise ValidationError(
        _("The SVG picture contains %(what)s, which is not allowed: save it as plain shapes, "
          "or as a PNG") % {"what": what}
    )  # fmt: skip


def _clean_svg(data: bytes) -> bytes:
    from lxml import etree

    if re.search(rb"<!DOCTYPE|<!ENTITY", data, re.IGNORECASE):
        _refuse(_("a document type or entity declaration"))
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=True, remove_pis=True,
    )  # fmt: skip
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ValidationError(_("The SVG picture could not be read: it is not valid XML")) from exc
    if etree.QName(root).localname != "svg" or etree.QName(root).namespace != _SVG_NS:
        raise ValidationError(_("The file is not an SVG picture"))
    for element in list(root.iter()):
        _check_element(element)
    etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def _check_element(element) -> None:
    from lxml import etree

    if not isinstance(element.tag, str):
        return
    name = etree.QName(element)
    if name.namespace != _SVG_NS or name.localname in _DROPPED_ELEMENTS:
        if element.getparent() is not None:  # editor data (Inkscape, Illustrator): not drawn
            element.getparent().remove(element)
        return
    if name.localname not in _ALLOWED_ELEMENTS:
        _refuse(f"<{name.localname}>")
    for attribute, value in list(element.attrib.items()):
        _check_attribute(element, etree.QName(attribute), value)


def _check_attribute(element, attribute, value: str) -> None:
    local, namespace = attribute.localname, attribute.namespace
    if local.lower().startswith("on"):
        _refuse(_("an event handler (%(name)s)") % {"name": local})
    if namespace not in (None, _XLINK_NS, "http://www.w3.org/XML/1998/namespace"):
        del element.attrib[attribute.text]  # editor attributes (inkscape:label...)
        return
    if local == "style" and re.search(r"@import|expression\(|behavior", value, re.IGNORECASE):
        _refuse(_("CSS that loads or runs something"))
    if local not in _ALLOWED_ATTRIBUTES and local != "style":
        _refuse(_("the attribute %(name)s") % {"name": local})
    if local == "href" and not value.startswith("#"):
        _refuse(_("a link to another file"))
    if "url(" in value.replace(" ", "") and not _LOCAL_URL.fullmatch(value.strip()):
        _refuse(_("a link to another file"))
    if "javascript:" in value.lower().replace(" ", ""):
        _refuse(_("a script"))


def data_uri(content_type: str, content: bytes) -> str:
    return f"data:{content_type};base64,{base64.b64encode(bytes(content)).decode('ascii')}"


def problems(data: dict, name: str, existing) -> tuple[dict, tuple | None]:
    """Check one section's picture fields (``<name>_upload``, ``<name>_alt``,
    ``<name>_remove``): the errors by field, and what to do — ("keep", alt),
    ("replace", (content_type, bytes, alt)), ("remove", None) or None (nothing uploaded)."""
    upload = data.get(f"{name}_upload")
    alt = " ".join((data.get(f"{name}_alt") or "").split())
    if data.get(f"{name}_remove") and not upload:
        return {}, ("remove", None)
    errors = {}
    if upload:
        try:
            checked = check(upload)
        except ValidationError as exc:
            errors[f"{name}_upload"] = exc.messages
            checked = None
        if not alt:
            errors[f"{name}_alt"] = [_("Describe your picture for people who cannot see it")]
        return errors, (None if errors else ("replace", (*checked, alt)))
    if existing is not None:
        if not alt:
            return {f"{name}_alt": [_("Describe your picture for people who cannot see it")]}, None
        return {}, ("keep", alt)
    if alt:
        return {
            f"{name}_upload": [_("Choose a picture to upload, or leave the description empty")]
        }, None
    return {}, None
