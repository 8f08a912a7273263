import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from dueregard.core.models import Membership, Organisation, User
from dueregard.core.roles import Role


@pytest.fixture
def demo(db):
    call_command("load_frameworks", verbosity=0)
    call_command("load_demo", verbosity=0)


def test_demo_is_idempotent_and_has_one_person_per_role(demo):
    counts = (User.objects.count(), Membership.objects.count(), Organisation.objects.count())
    call_command("load_demo", verbosity=0)
    assert counts == (
        User.objects.count(),
        Membership.objects.count(),
        Organisation.objects.count(),
    )
    assert Organisation.objects.count() >= 5
    held = set(Membership.objects.values_list("role", flat=True))
    assert held == {r.value for r in Role}


def test_sign_in_as_from_the_demo_page(client, demo):
    page = client.get(reverse("core:demo"))
    assert "Priya Shah" in page.content.decode()
    client.post(reverse("core:demo-sign-in-as"), {"email": "priya.shah@demo.dueregard.test"})
    assert client.get(reverse("core:members")).status_code == 200


def test_sign_in_as_refuses_non_demo_people(client, demo, make_user):
    make_user("real.person@example.nhs.uk")
    response = client.post(reverse("core:demo-sign-in-as"), {"email": "real.person@example.nhs.uk"})
    assert response.status_code == 404


@override_settings(DEMO_MODE=False)
def test_demo_page_does_not_exist_outside_demo_mode(client, demo):
    assert client.get(reverse("core:demo")).status_code == 404
    response = client.post(
        reverse("core:demo-sign-in-as"), {"email": "priya.shah@demo.dueregard.test"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url_name", ["core:accessibility", "core:privacy", "core:cookies", "core:language"]
)
def test_public_pages(url_name, client, db):
    response = client.get(reverse(url_name))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<h1") == 1
    assert re.search(r'<html lang="en-GB"\s+dir="ltr"', body)


@pytest.fixture
def offered(monkeypatch):
    """Pretend these languages' catalogues are complete and reviewed (a11y, issue 17)."""

    def offer(*codes):
        monkeypatch.setattr(
            "dueregard.core.translation.middleware.offered_languages",
            lambda: frozenset({"en-gb", *codes}),
        )

    return offer


@pytest.mark.parametrize("lang", ["ar", "ur"])
def test_right_to_left_languages(lang, client, db, offered):
    offered(lang)
    client.post(reverse("set_language"), {"language": lang, "next": "/"})
    body = client.get(reverse("core:home")).content.decode()
    assert re.search(rf'<html lang="{lang}"\s+dir="rtl"', body)


@pytest.mark.parametrize("lang", ["ar", "ur"])
def test_a_language_not_yet_complete_and_reviewed_is_not_claimed(lang, client, db):
    client.post(reverse("set_language"), {"language": lang, "next": "/"})
    body = client.get(reverse("core:home")).content.decode()
    assert re.search(r'<html lang="en-GB"\s+dir="ltr"', body)


def test_unknown_page_is_a_friendly_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_forms_carry_a_working_csrf_token(db, edi_lead_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("core:sign-in")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("core:sign-in"),
        {
            "email": edi_lead_a.email,
            "password": "correct horse battery",
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302


def test_arabic_layout_strings_are_translated(client, db, offered):
    offered("ar")
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    body = client.get(reverse("core:home")).content.decode()
    assert "انتقل إلى المحتوى الرئيسي" in body  # "Skip to main content"
