import io
import zipfile

from django.core.files.base import ContentFile

from dueregard.communities.models import Community, Organiser, Resource
from dueregard.core.models import User
from dueregard.core.roles import Role
from dueregard.core.services.memberships import grant

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def make_community(org, name="Radar", organiser=None, whole_system=False) -> Community:
    community = Community.objects.create(
        system=org.system, organisation=None if whole_system else org, name=name
    )
    if organiser is not None:
        Organiser.objects.create(community=community, user=organiser)
    return community


def staff(org, email, role=Role.STAFF) -> User:
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, "correct horse battery", full_name=email.split("@")[0].replace(".", " ").title()
    )
    grant(user, role, organisation=org)
    return user


def make_file(community, title="Handout") -> Resource:
    resource = Resource(community=community, kind=Resource.Kind.FILE, title=title)
    resource.file.save("handout.pdf", ContentFile(PDF), save=False)
    resource.save()
    return resource


def docx_bytes(marker="word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(marker, "<w:document/>")
    return buffer.getvalue()
