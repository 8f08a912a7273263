"""The organisation's own pictures in an Easy Read version: PNG and JPEG re-encoded, SVG
cleaned or refused, size-limited, described; shown in the page and the PDF instead of the
pictogram."""

import base64
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from dueregard.core.models import AuditEvent
from dueregard.publishing.models import EasyReadPicture
from dueregard.publishing.services import easy_read_pictures

from .test_other_formats import EASY, _url, page  # noqa: F401 (the page fixture)

SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
    b'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 10 10">'
    b"<!-- drawn by hand --><metadata>x</metadata>"
    b'<circle cx="5" cy="5" r="4" fill="#005eb8" inkscape:label="dot"/></svg>'
)


def _png(size=(40, 30), exif=False):
    out = io.BytesIO()
    image = Image.new("RGB", size, (0, 94, 184))
    extra = {}
    if exif:
        data = Image.Exif()
        data[0x010E] = "secret description"
        extra["exif"] = data.tobytes()
    image.save(out, format="PNG", **extra)
    return out.getvalue()


def _jpeg():
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x013B] = "Photographer Name"
    Image.new("RGB", (20, 20), (200, 0, 0)).save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def _file(content, name="picture.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_png_and_jpeg_are_re_encoded_without_their_metadata():
    kind, content = easy_read_pictures.check(_file(_png(exif=True) + b"trailing payload"))
    assert kind == "image/png" and b"trailing payload" not in content
    assert b"secret description" not in content
    assert Image.open(io.BytesIO(content)).size == (40, 30)
    kind, content = easy_read_pictures.check(_file(_jpeg(), "photo.jpg", "image/jpeg"))
    assert kind == "image/jpeg" and b"Photographer Name" not in content


def test_svg_is_cleaned_of_editor_data_and_comments():
    kind, content = easy_read_pictures.check(_file(SVG, "p.svg", "image/svg+xml"))
    assert kind == "image/svg+xml"
    assert b"<circle" in content and b"inkscape" not in content
    assert b"metadata" not in content and b"drawn by hand" not in content


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script>"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "event handler"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>',
            "<foreignObject>",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
            b'<use x:href="http://example.com/a.svg#b"/></svg>',
            "link to another file",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(http://x/y)"/></svg>',
            "link to another file",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
            "entity declaration",
        ),
        (b"<svg><rect/></svg>", "not an SVG picture"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', "not valid XML"),
    ],
)
def test_svg_with_anything_active_or_external_is_refused(svg, message):
    with pytest.raises(Exception) as refused:
        easy_read_pictures.check(_file(svg, "p.svg", "image/svg+xml"))
    assert message in " ".join(refused.value.messages)


def test_other_files_too_big_or_damaged_are_refused_with_a_clear_message():
    def refusal(upload):
        with pytest.raises(Exception) as refused:
            easy_read_pictures.check(upload)
        return refused.value.messages[0]

    assert refusal(_file(b"GIF89a....", "a.gif")) == "The picture must be a PNG, JPEG or SVG file"
    assert refusal(_file(b"%PDF-1.7", "a.png")) == "The picture must be a PNG, JPEG or SVG file"
    assert "1.0 MB or smaller" in refusal(_file(b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024)))
    assert "damaged" in refusal(_file(_png()[:60]))
    assert "at most 4000 pixels" in refusal(_file(_png(size=(4001, 1))))
    assert refusal(_file(b"")) == "The picture file is empty"


def test_the_lead_uploads_a_picture_shown_instead_of_the_pictogram(
    client_for,
    edi_lead_a,
    client,
    page,  # noqa: F811
):
    lead = client_for(edi_lead_a)
    no_alt = lead.post(_url("easy-read-edit"), {**EASY, "how_we_did_upload": _file(_png())})
    assert no_alt.status_code == 400
    assert "Describe your picture for people who cannot see it" in no_alt.content.decode()
    bad = lead.post(
        _url("easy-read-edit"),
        {**EASY, "how_we_did_upload": _file(b"GIF89a", "a.gif"), "how_we_did_alt": "A chart"},
    )
    assert bad.status_code == 400 and "must be a PNG, JPEG or SVG" in bad.content.decode()
    assert not EasyReadPicture.objects.exists()

    saved = lead.post(
        _url("easy-read-edit"),
        {**EASY, "how_we_did_upload": _file(_png()), "how_we_did_alt": "Our staff smiling"},
    )
    assert saved.status_code == 302
    picture = EasyReadPicture.objects.get()
    assert picture.section == "how_we_did" and picture.organisation == page.organisation
    event = AuditEvent.objects.get(action="publishing.easy_read_saved")
    assert event.after["pictures"] == {"how_we_did": "uploaded"}
    edit = lead.get(_url("easy-read-edit")).content.decode()
    assert 'value="Our staff smiling"' in edit and "Remove your picture for" in edit

    lead.post(_url("easy-read-publish"), {"action": "publish"})
    body = client.get(_url("easy-read")).content.decode()
    inline = "data:image/png;base64," + base64.b64encode(bytes(picture.content)).decode()
    assert f'src="{inline}" alt="Our staff smiling"' in body
    assert "pictograms/chart.svg" not in body  # replaced, not added
    assert "pictograms/looked.svg" in body  # the other sections keep their pictograms

    pdf = client.get(_url("easy-read-pdf")).content
    from pypdf import PdfReader

    images = [i for p in PdfReader(io.BytesIO(pdf)).pages for i in p.images]
    assert any(i.image.size == (40, 30) for i in images)  # the uploaded picture is drawn

    # Keeping the picture needs its description; removing it brings the pictogram back.
    kept = lead.post(_url("easy-read-edit"), {**EASY, "how_we_did_alt": ""})
    assert kept.status_code == 400
    assert lead.post(_url("easy-read-edit"), {**EASY, "how_we_did_remove": "on"}).status_code == 302
    assert not EasyReadPicture.objects.exists()
    assert "pictograms/chart.svg" in client.get(_url("easy-read")).content.decode()


def test_a_description_without_a_picture_is_questioned(client_for, edi_lead_a, page):  # noqa: F811
    lead = client_for(edi_lead_a)
    response = lead.post(_url("easy-read-edit"), {**EASY, "will_do_alt": "A door"})
    assert response.status_code == 400
    assert "Choose a picture to upload" in response.content.decode()
