"""Published downloads are built once at publication, stored, and served from storage with
caching headers (issue 24)."""

from django.core.files.storage import default_storage
from django.urls import reverse

from dueregard.eds.services import publication
from dueregard.eds.services.public import publication_version
from dueregard.publishing import stored

from .test_eds_flow import _fill


def _published(org, people, make_assessment, capture):
    a = make_assessment(org, people["lead"])
    _fill(a, people)
    publication.sign_off(a, people["board"])
    with capture(execute=True):
        publication.publish(a, people["lead"])
    a.refresh_from_db()
    return a


def test_publication_stores_the_slow_formats(
    org_a, eds_people, make_assessment, django_capture_on_commit_callbacks
):
    a = _published(org_a, eds_people, make_assessment, django_capture_on_commit_callbacks)
    version = publication_version(a)
    for fmt in publication.PREPARED:
        path = stored.stored_path("eds", a.public_slug, version, fmt)
        assert default_storage.exists(path), fmt
    with default_storage.open(stored.stored_path("eds", a.public_slug, version, "pdf")) as fh:
        assert fh.read(5) == b"%PDF-"


def test_public_download_is_served_from_storage_with_caching_headers(
    client, org_a, eds_people, make_assessment, django_capture_on_commit_callbacks, monkeypatch
):
    a = _published(org_a, eds_people, make_assessment, django_capture_on_commit_callbacks)
    url = reverse("eds:public-download", args=[a.public_slug, "pdf"])

    def must_not_build(*args, **kwargs):
        raise AssertionError("the stored file should have been served")

    monkeypatch.setattr("dueregard.eds.services.report.build_document", must_not_build)
    first = client.get(url)
    assert first.status_code == 200
    assert first.content.startswith(b"%PDF-")
    assert first["Cache-Control"] == f"public, max-age={stored.CACHE_SECONDS}"
    assert first["Content-Disposition"].startswith('attachment; filename="eds-')
    assert first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_a_format_not_prepared_is_built_once_then_stored(
    client, org_a, eds_people, make_assessment, django_capture_on_commit_callbacks, monkeypatch
):
    from dueregard.eds.services import report

    a = _published(org_a, eds_people, make_assessment, django_capture_on_commit_callbacks)
    calls = []
    real = report.build_document
    monkeypatch.setattr(report, "build_document", lambda x: calls.append(1) or real(x))
    url = reverse("eds:public-download", args=[a.public_slug, "json"])
    one, two = client.get(url), client.get(url)
    assert one.status_code == two.status_code == 200
    assert one.content == two.content
    assert len(calls) == 1


def test_republishing_serves_the_new_publication(
    client, org_a, eds_people, make_assessment, django_capture_on_commit_callbacks
):
    a = _published(org_a, eds_people, make_assessment, django_capture_on_commit_callbacks)
    old = stored.stored_path("eds", a.public_slug, publication_version(a), "pdf")
    type(a).objects.filter(pk=a.pk).update(published_at=a.published_at.replace(year=2030))
    a.refresh_from_db()
    new = stored.stored_path("eds", a.public_slug, publication_version(a), "pdf")
    assert new != old
    response = client.get(reverse("eds:public-download", args=[a.public_slug, "pdf"]))
    assert response.status_code == 200
    assert default_storage.exists(new)


def test_unknown_format_is_404(client, org_a, eds_people, make_assessment):
    a = make_assessment(org_a, eds_people["lead"])
    response = client.get(reverse("eds:public-download", args=[a.public_slug, "exe"]))
    assert response.status_code == 404


def test_each_format_has_its_own_stored_file():
    from dueregard.publishing import stored as stored_files

    paths = {
        stored_files.stored_path("eds", "slug", 3, fmt)
        for fmt in ("pdf", "large-print-pdf", "large-print", "docx")
    }
    assert len(paths) == 4
