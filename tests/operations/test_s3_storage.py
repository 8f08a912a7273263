"""Uploaded files on S3-compatible object storage (django-storages), against a local S3 API:
moto's server mode on 127.0.0.1 (no cloud account, no network beyond this machine)."""

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import override_settings

from dueregard.operations import backup, health

BUCKET = "dueregard-uploads"


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server, monkeypatch):
    for key, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",  # noqa: S105 - moto's fake credentials
        "AWS_DEFAULT_REGION": "eu-west-2",
    }.items():
        monkeypatch.setenv(key, value)
    client = boto3.client("s3", endpoint_url=s3_server, region_name="eu-west-2")
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": s3_server,
        "region_name": "eu-west-2",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    stores = {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=stores):
        storages._storages = {}
        yield client
    storages._storages = {}
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_the_settings_choose_s3_from_the_environment(monkeypatch):
    import importlib

    import dueregard.config.settings.base as base

    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", BUCKET)
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    reloaded = importlib.reload(base)
    try:
        default = reloaded.STORAGES["default"]
        assert default["BACKEND"] == "storages.backends.s3.S3Storage"
        assert default["OPTIONS"]["bucket_name"] == BUCKET
        assert default["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9000"
    finally:
        monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME")
        importlib.reload(base)


def test_files_are_stored_read_and_served_by_signed_links(s3):
    store = storages["default"]
    assert type(store).__name__ == "S3Storage"
    name = store.save("eds/evidence/survey.pdf", ContentFile(b"%PDF-1.7 survey"))
    assert s3.get_object(Bucket=BUCKET, Key=name)["Body"].read() == b"%PDF-1.7 survey"
    with store.open(name) as handle:
        assert handle.read() == b"%PDF-1.7 survey"
    assert "X-Amz-Signature=" in store.url(name)
    # The same name again gets its own key: nothing is overwritten.
    assert store.save("eds/evidence/survey.pdf", ContentFile(b"other")) != name


@pytest.mark.django_db
def test_readiness_and_backup_work_on_s3(s3):
    assert health.storage() == (True, "ok")
    store = storages["default"]
    name = store.save("awards/evidence/photo.png", ContentFile(b"\x89PNG data"))
    assert backup.uploaded_files() == {name: backup.sha256(b"\x89PNG data")}


@pytest.mark.django_db
def test_an_eds_document_upload_lands_in_the_bucket(s3, org_a, make_user, client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from dueregard.core.roles import Role
    from dueregard.core.services.memberships import grant
    from dueregard.eds.models import Evidence
    from tests.eds.object_urls import _assessment
    from tests.operations.test_proxies_and_failures import _tiny_pdf

    user = make_user("everything@example.nhs.uk")
    for role in Role:
        grant(user, role, organisation=org_a)
    assessment = _assessment(org_a, make_user)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("eds:add-evidence", kwargs={"pk": assessment.pk, "code": "1.1"}),
        {
            "kind": "document",
            "title": "Staff survey",
            "document": SimpleUploadedFile("survey.pdf", _tiny_pdf(), "application/pdf"),
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(assessment=assessment)
    body = s3.get_object(Bucket=BUCKET, Key=evidence.document.name)["Body"].read()
    assert body == _tiny_pdf()
