"""Render Django form fields as NHS.UK design system components.

``nhsuk_field(bound_field, **options)`` returns the component name and its parameters;
the ``field`` macro in ``layouts/forms.jinja`` renders them. Every error is linked from
the error summary to the field's own id.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django import forms
from django.forms.boundfield import BoundField
from django.utils import translation
from django.utils.functional import Promise
from markupsafe import Markup

from .fields import DateInputWidget


def _label(bf: BoundField, options: dict) -> dict:
    label = {"text": options.pop("label", None) or bf.label}
    if options.pop("label_is_page_heading", False):
        label.update({"isPageHeading": True, "size": "l"})
    return label


def _common(bf: BoundField, options: dict) -> dict:
    params: dict = {}
    hint = options.pop("hint", None) or bf.help_text
    if hint:
        params["hint"] = {"text": str(hint)}
    if bf.errors:
        params["errorMessage"] = {"text": " ".join(str(e) for e in bf.errors)}
    return params


def _choices(bf: BoundField) -> list[tuple[str, str]]:
    return [(str(value), str(text)) for value, text in bf.field.choices if str(value) != ""]


def _selected(bf: BoundField) -> set[str]:
    value = bf.value()
    if value is None:
        return set()
    if isinstance(value, (list, tuple, set)):
        return {str(v) for v in value}
    return {str(value)}


def nhsuk_field(bf: BoundField, **options) -> dict:
    widget = bf.field.widget
    fid = bf.auto_id or bf.html_name
    classes = options.pop("classes", None)
    params = _common(bf, options)
    if isinstance(widget, DateInputWidget):
        value = bf.value()
        if not isinstance(value, list | tuple):
            value = widget.decompress(value)
        params.update(
            {
                "id": fid,
                "fieldset": {
                    "legend": {"text": options.pop("label", None) or bf.label, "size": "s"}
                },
                "items": [
                    {
                        "id": f"{fid}_{i}",
                        "name": f"{bf.html_name}_{i}",
                        "label": label,
                        "width": width,
                        "value": value[i] or "",
                    }
                    for i, (label, width) in enumerate((("Day", 2), ("Month", 2), ("Year", 4)))
                ],
            }
        )
        if "hint" not in params:
            params["hint"] = {"text": "For example, 15 3 2027"}
        kind = "dateInput"
    elif isinstance(widget, forms.CheckboxSelectMultiple):
        selected = _selected(bf)
        legend = {"text": options.pop("label", None) or bf.label, "size": "s"}
        params.update(
            {
                "idPrefix": fid,
                "name": bf.html_name,
                "fieldset": {"legend": legend},
                "items": [
                    {"value": v, "text": t, "checked": v in selected} for v, t in _choices(bf)
                ],
            }
        )
        kind = "checkboxes"
    elif isinstance(widget, forms.RadioSelect):
        selected = _selected(bf)
        legend = {"text": options.pop("label", None) or bf.label, "size": "s"}
        params.update(
            {
                "idPrefix": fid,
                "name": bf.html_name,
                "fieldset": {"legend": legend},
                "items": [
                    {"value": v, "text": t, "checked": v in selected} for v, t in _choices(bf)
                ],
            }
        )
        if options.pop("inline", False):
            params["classes"] = "nhsuk-radios--inline"
        kind = "radios"
    elif isinstance(widget, forms.CheckboxInput):
        params.update(
            {
                "idPrefix": fid,
                "name": bf.html_name,
                "items": [
                    {
                        "value": "on",
                        "text": options.pop("label", None) or bf.label,
                        "checked": bool(bf.value()),
                        "id": fid,
                    }
                ],
            }
        )
        kind = "checkboxes"
    elif isinstance(widget, forms.Select):
        selected = _selected(bf)
        items = [{"value": "", "text": options.pop("empty_label", "Choose")}]
        items += [{"value": v, "text": t, "selected": v in selected} for v, t in _choices(bf)]
        params.update({"id": fid, "name": bf.html_name, "label": _label(bf, options)})
        params["items"] = items
        kind = "select"
    elif isinstance(widget, forms.Textarea):
        params.update(
            {
                "id": fid,
                "name": bf.html_name,
                "label": _label(bf, options),
                "value": bf.value() or "",
                "rows": options.pop("rows", widget.attrs.get("rows", 5)),
            }
        )
        kind = "textarea"
    elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        params.update({"id": fid, "name": bf.html_name, "label": _label(bf, options)})
        if widget.attrs.get("accept"):
            params["attributes"] = {"accept": widget.attrs["accept"]}
        kind = "fileUpload"
    else:
        input_type = getattr(widget, "input_type", "text")
        value = bf.value()
        params.update(
            {
                "id": fid,
                "name": bf.html_name,
                "label": _label(bf, options),
                "type": input_type,
                "value": "" if input_type == "password" or value is None else str(value),
            }
        )
        autocomplete = options.pop("autocomplete", widget.attrs.get("autocomplete"))
        if autocomplete:
            params["autocomplete"] = autocomplete
        if input_type == "email":
            params["spellcheck"] = False
        kind = "input"
    if classes:
        params["classes"] = (params.get("classes", "") + " " + classes).strip()
    params.update(options)
    return {"kind": kind, "params": params}


def error_list(form: forms.Form) -> list[dict]:
    """Entries for the NHS.UK error summary: each links to its field."""
    entries = [{"text": str(e), "href": "#main-form"} for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        # NHS.UK radios and checkboxes give their first item the field's own id; a date
        # input's first box (day) is "<id>_0".
        anchor = form[name].auto_id
        if isinstance(form[name].field.widget, DateInputWidget):
            anchor = f"{anchor}_0"
        for error in errors:
            entries.append({"text": str(error), "href": f"#{anchor}"})
    return entries


def add_service_errors(form: forms.Form, exc) -> None:
    """Show a service's ``ValidationError`` on the form: field errors on their fields (when
    the form has them), anything else at the top of the error summary."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


#: Rendered NHS.UK components by their parameters (issue 24: the outcome page spent ~70% of
#: its time in the component macros, which import their own sub-macros on every call).
#: The component macros are imported without context, so their HTML depends only on the
#: component and its parameters, which the key holds (values with their types, so a
#: ``Markup`` and a ``str`` of the same text differ) with the active language.
_RENDERED: OrderedDict[tuple, Markup] = OrderedDict()
_RENDERED_MAX = 1024
_LOCK = threading.Lock()  # server threads share the cache


def _frozen(value):
    if isinstance(value, dict):
        return ("d", tuple(sorted((str(k), _frozen(v)) for k, v in value.items())))
    if isinstance(value, list | tuple):
        return ("l", tuple(_frozen(v) for v in value))
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Promise):
        value = str(value)  # a lazy translation: its text in the active language
    if isinstance(value, str):
        return (type(value).__name__, str(value))
    raise TypeError(type(value).__name__)


def rendered_component(f: dict, render) -> Markup:
    """``render(f)`` (the ``_component`` macro of ``layouts/forms.jinja``), rendered once per
    component, parameters and language; values the key cannot hold are rendered each time."""
    try:
        key = (f["kind"], translation.get_language(), _frozen(f["params"]))
    except TypeError:
        return render(f)
    with _LOCK:
        html = _RENDERED.get(key)
        if html is not None:
            _RENDERED.move_to_end(key)
            return html
    html = render(f)  # the macro's Markup, kept as it is
    with _LOCK:
        _RENDERED[key] = html
        if len(_RENDERED) > _RENDERED_MAX:
            _RENDERED.popitem(last=False)
    return html
