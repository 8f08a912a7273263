"""No form of any app answers a 500, whatever is typed into it.

Every named URL is opened as a person holding every role in their organisation (URLs with
an object id get the object from the app's ``OBJECT_URL_FACTORIES``, made in that same
organisation). Each ``<form method="post">`` on the page is read from the HTML — its
action, text boxes, date boxes, selects, radios, check boxes and file inputs — and
hypothesis fills it with awkward values: huge numbers in date parts, negative and
non-ASCII digits, very long text, NUL characters, values no option offers, and the
offered options themselves. Every answer must be below 500 (a refusal is a 400 with a
message, a success a redirect).

A new page or form is covered without touching this file: it is found from the URL
configuration. ``FORM_FUZZ_EXAMPLES`` (environment) sets the examples per page.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dueregard.core.roles import Role
from dueregard.core.services.memberships import grant

from .test_tenancy_isolation import OBJECT_URL_FACTORIES, PUBLIC_URLS, TOKEN_URLS, _patterns

EXAMPLES = int(os.environ.get("FORM_FUZZ_EXAMPLES", "12"))
# Pages that end the session or switch who is signed in: fuzzing them would sign the
# fuzzing user out of every later page. They are plain buttons, not typed input.
SKIP = {"core:sign-out", "core:demo-sign-in-as"}


class _Forms(HTMLParser):
    """The POST forms of a page: action and fields (name → kind, options)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form = {"action": a.get("action", ""), "fields": {}}
                self.forms.append(self._form)
            return
        if self._form is None or not a.get("name") or a["name"] == "csrfmiddlewaretoken":
            if tag == "option" and self._form is not None and self._select:
                self._form["fields"][self._select]["options"].append(a.get("value", ""))
            return
        fields = self._form["fields"]
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            entry = fields.setdefault(name, {"kind": kind, "options": []})
            if kind in ("radio", "checkbox", "hidden", "submit"):
                entry["options"].append(a.get("value", "on"))
        elif tag == "textarea":
            fields.setdefault(name, {"kind": "text", "options": []})
        elif tag == "select":
            fields.setdefault(name, {"kind": "select", "options": []})
            self._select = name
        elif tag == "button" and a.get("value") is not None:
            fields.setdefault(name, {"kind": "submit", "options": []})["options"].append(a["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


AWKWARD = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "1.5",
            "1e309",
            "NaN",
            "99999999999999999999",
            "9" * 400,
            "١٢",
            "\x00",
            "=1+1",
            "<script>alert(1)</script>",
            "2027-02-31",
            "x" * 5000,
        ]
    ),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


def _value(field: dict):
    options = [o for o in field["options"] if o is not None]
    if field["kind"] == "file":
        return st.sampled_from(
            [
                b"",
                b"\x00\xff\xfe junk",
                b"a,b\n1,2\n",
                b"PK\x03\x04 not really a zip",
                b"Ethnicity,Vaccinated\nWhite,1\n",
            ]
        ).map(lambda content: SimpleUploadedFile("fuzz.csv", content, "text/csv"))
    if options and field["kind"] in ("select", "radio", "checkbox", "hidden", "submit"):
        return st.one_of(st.sampled_from(options), AWKWARD)
    return AWKWARD


def _form_data(fields: dict):
    return st.fixed_dictionaries({}, optional={name: _value(f) for name, f in fields.items()})


def _url_names() -> list[str]:
    return sorted(
        name
        for name, pattern in _patterns()
        if name not in SKIP | TOKEN_URLS | PUBLIC_URLS
        and (not pattern.pattern.converters or name in OBJECT_URL_FACTORIES)
    )


@pytest.mark.parametrize("url_name", _url_names())
def test_no_form_answers_500(url_name, org_a, make_user, client_for):
    call_command("load_frameworks", verbosity=0)
    user = make_user("everything.fuzz@example.nhs.uk")
    for role in Role:
        grant(user, role, organisation=org_a)
    client = client_for(user)
    pattern = dict(_patterns())[url_name]
    if pattern.pattern.converters:
        factory, _ = OBJECT_URL_FACTORIES[url_name]
        obj = factory(org_a, make_user)
        url = (
            reverse(url_name, kwargs=obj)
            if isinstance(obj, dict)
            else reverse(url_name, args=[obj.pk])
        )
    else:
        url = reverse(url_name)
    page = client.get(url)
    assert page.status_code < 500, f"GET {url} answered {page.status_code}"
    if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
        return
    parser = _Forms()
    parser.feed(page.content.decode("utf-8", "replace"))
    forms = [f for f in parser.forms if f["fields"]]
    if not forms:
        return

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(index=st.integers(min_value=0, max_value=len(forms) - 1), data=st.data())
    def fuzz(index, data):
        form = forms[index]
        target = urlparse(urljoin(url, form["action"] or url)).path
        values = data.draw(_form_data(form["fields"]))
        response = client.post(target, values)
        assert response.status_code < 500, f"POST {target} {values!r}: {response.status_code}"
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    fuzz()
