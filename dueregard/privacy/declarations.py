"""What personal data each model holds, why, on what lawful basis and for how long.

The record of processing and the DPIA starter are generated from these declarations, and
``tests/privacy/test_retention_registry.py`` walks every model of the app: one that holds
personal data (a person's account, an e-mail address, a name, characteristics, access
needs...) must be declared here, either with a period (``days``, disposed of by the daily
``dispose_expired`` under ``disposal``) or with how long it is kept instead (``kept``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PUBLIC_TASK = _("UK GDPR Art. 6(1)(e) public task (NHS duties under the Equality Act 2010)")
EMPLOYMENT = _(
    "UK GDPR Art. 9(2)(b) employment, with DPA 2018 Sch. 1 para. 8 equality of opportunity"
)
CONSENT_NEEDS = _("UK GDPR Art. 9(2)(b) and (g): reasonable adjustments asked for by the person")
NETWORK_CONSENT = _(
    "UK GDPR Art. 6(1)(a) and 9(2)(a): explicit consent, given by joining (membership of "
    "a race, disability, LGBTQ+ or faith network can reveal special-category data)"
)
EQUALITY_MONITORING = _(
    "UK GDPR Art. 9(2)(g) with DPA 2018 Sch. 1 para. 8 equality of opportunity or "
    "treatment: voluntary monitoring, 'prefer not to say' by default"
)
STAFF_WORK = _("Kept while the account exists: anonymised with it")


@dataclass(frozen=True)
class Declaration:
    model: str  # "app_label.Model"
    personal: tuple[str, ...]  # fields holding personal data
    purpose: str
    basis: str = PUBLIC_TASK
    special: tuple[str, ...] = ()  # fields holding special-category data
    special_basis: str = ""
    days: int | None = None  # the period, disposed of by ``disposal``
    disposal: str = ""  # the label registered with core.services.retention
    kept: str = ""  # when there is no period: how long, and why
    # The fields naming the person a record is about. Erasure deletes an erasable record
    # only when one of these names the person; a record that merely mentions them (as
    # someone's line manager, say) belongs to someone else and is kept. Empty: any of
    # the personal fields.
    subject: tuple[str, ...] = ()

    @property
    def retention(self) -> str:
        if self.days is not None:
            return str(_("%(days)s days, then disposed of daily (%(job)s)")) % {
                "days": self.days,
                "job": self.disposal,
            }
        return str(self.kept)


def _d(model, personal, purpose, **kw) -> Declaration:
    return Declaration(model, tuple(personal), str(purpose), **kw)


WORK = _("Who did a piece of work, for accountability")

DECLARATIONS: list[Declaration] = [
    _d(
        "core.User",
        ["email", "full_name"],
        _("Signing in; naming people on the work they do"),
        days=365,
        disposal="closed accounts",
        kept=_("While the account is open; anonymised 365 days after it is closed"),
    ),
    _d("core.Membership", ["user"], _("The roles a person holds"), kept=STAFF_WORK),
    _d(
        "core.Invitation",
        ["email", "full_name", "invited_by", "accepted_by"],
        _("Inviting a person to a role"),
        days=90,
        disposal="invitations",
        subject=("email", "accepted_by"),
    ),
    _d(
        "core.AuditEvent",
        ["actor", "ip_address"],
        _("The audit trail: who changed what"),
        days=365 * 7,
        disposal="audit events",
    ),
    _d(
        "core.Notification",
        ["recipient", "body"],
        _("E-mails sent by the app"),
        days=180,
        disposal="notifications",
    ),
    _d("core.IdentityProvider", ["email_domains"], _("Single sign-on set-up"), kept=STAFF_WORK),
    _d("core.AccessReview", ["signed_off_by"], WORK, kept=STAFF_WORK),
    _d(
        "publishing.FormatRequest",
        ["name", "email", "replied_by"],
        _("Sending a report in another format to the person who asked"),
        days=365,
        disposal="format requests",
        subject=("email",),
    ),
    _d("eds.Assessment", ["signed_off_by", "created_by"], WORK, kept=STAFF_WORK),
    _d("eds.Evidence", ["added_by"], WORK, kept=STAFF_WORK),
    _d(
        "eds.ReportImport",
        ["created_by", "result"],
        _("A published report uploaded for import, kept for its review (names its leads)"),
        days=7,
        disposal="eds report imports",
    ),
    _d("eds.Grading", ["grader", "recorded_by"], WORK, kept=STAFF_WORK),
    _d("eds.GradingVersion", ["recorded_by"], WORK, kept=STAFF_WORK),
    _d("idmf.Decision", ["owner"], WORK, kept=STAFF_WORK),
    _d("idmf.Assessment", ["signed_off_by"], WORK, kept=STAFF_WORK),
    _d("idmf.Action", ["owner_email"], _("Who owns an action"), kept=STAFF_WORK),
    _d("events.Series", ["created_by"], WORK, kept=STAFF_WORK),
    _d(
        "events.Booking",
        ["user", "answers"],
        _("Places on workshops and sessions, and the adjustments a person asked for"),
        special=("access_needs",),
        special_basis=CONSENT_NEEDS,
        days=365 * 2,
        disposal="event bookings",
    ),
    _d(
        "events.Invitation",
        ["email", "invited_by"],
        _("A place held for a named person"),
        days=365,
        disposal="event invitations",
        subject=("email",),
    ),
    # Voluntary equality monitoring (issue 19, ADR 0044): deleted with the booking.
    _d(
        "events.Monitoring",
        ["booking"],
        _("Who our workshops and network days reach: counts only, small numbers hidden"),
        special=("codes", "ethnic_group"),
        special_basis=EQUALITY_MONITORING,
        days=365 * 2,
        disposal="event bookings",
    ),
    _d("mentoring.Programme", ["created_by"], WORK, kept=STAFF_WORK),
    _d(
        "mentoring.Application",
        ["user", "line_manager_email", "senior_manager_emails", "conflict_emails"],
        _("Reverse and reciprocal mentoring: applications and matching"),
        special=("characteristics",),
        special_basis=EMPLOYMENT,
        days=365 * 3,
        disposal="mentoring applications",
        subject=("user",),
    ),
    _d("mentoring.MatchRun", ["created_by"], WORK, kept=STAFF_WORK),
    _d(
        "mentoring.Meeting",
        ["logged_by"],
        _("Meetings of a mentoring pair"),
        days=365 * 3,
        disposal="mentoring applications",
    ),
    _d("cohorts.Programme", ["created_by"], WORK, kept=STAFF_WORK),
    _d(
        "cohorts.Application",
        ["user", "line_manager_name", "line_manager_email", "statement", "support_comment"],
        _("Change-maker cohorts: applications, line-manager support, selection and completion"),
        days=365 * 3,
        disposal="cohort applications",
        subject=("user",),
    ),
    # Voluntary equality monitoring (issue 19, ADR 0044): deleted with the application.
    _d(
        "cohorts.Monitoring",
        ["application"],
        _("Who our change-maker programmes reach: counts only, small numbers hidden"),
        special=("codes", "ethnic_group"),
        special_basis=EQUALITY_MONITORING,
        days=365 * 3,
        disposal="cohort applications",
    ),
    _d("cohorts.PanelMember", ["user", "email"], _("Selection panels"), kept=STAFF_WORK),
    _d("cohorts.Conflict", ["declared_by"], WORK, kept=STAFF_WORK),
    _d(
        "cohorts.FollowUp",
        ["application", "new_role", "promotion", "band_change", "new_band", "still_in_nhs"],
        _("Where change-maker participants are 6 and 12 months after completing"),
        days=365 * 3,
        disposal="cohort follow-ups",
    ),
    _d("awards.Round", ["created_by"], WORK, kept=STAFF_WORK),
    _d(
        "awards.Nomination",
        ["nominator", "nominee_name", "nominee_email"],
        _("Award nominations"),
        days=365 * 3,
        disposal="award nominations",
        subject=("nominee_email",),
    ),
    # Voluntary equality monitoring (issue 19, ADR 0044): deleted with the nomination.
    _d(
        "awards.Monitoring",
        ["nomination"],
        _("Who our awards reach: counts only, small numbers hidden"),
        special=("codes", "ethnic_group"),
        special_basis=EQUALITY_MONITORING,
        days=365 * 3,
        disposal="award nominations",
    ),
    _d("awards.Judge", ["user", "email", "full_name"], _("Judging panels"), kept=STAFF_WORK),
    _d("awards.Conflict", ["declared_by"], WORK, kept=STAFF_WORK),
    _d("evidence.Dataset", ["created_by"], WORK, kept=STAFF_WORK),
    _d(
        "evidence.RowData",
        ["upload", "canonical", "table"],
        _("Row-level workforce and service data, analysed into aggregates"),
        special=("upload", "canonical", "table"),
        special_basis=EMPLOYMENT,
        days=30,
        disposal="evidence rows",
    ),
    _d("evidence.Analysis", ["created_by"], WORK, kept=STAFF_WORK),
    _d("evidence.IdmfEvidenceLink", ["added_by"], WORK, kept=STAFF_WORK),
    _d("api.ApiToken", ["user", "revoked_by"], _("Access for other systems"), kept=STAFF_WORK),
    _d("api.WebhookEndpoint", ["created_by"], WORK, kept=STAFF_WORK),
    # Accessible formats and translations (issue 17)
    _d(
        "publishing.FormatContact",
        ["email", "updated_by"],
        _("Where the public asks for a format: an organisation's published contact"),
        kept=_("While the organisation publishes it; replaced when the EDI lead changes it"),
    ),
    _d("publishing.EasyRead", ["updated_by"], WORK, kept=STAFF_WORK),
    _d("publishing.EasyReadPicture", ["uploaded_by"], WORK, kept=STAFF_WORK),
    _d("publishing.ReportTranslation", ["imported_by", "reviewed_by"], WORK, kept=STAFF_WORK),
    # IDMF working together, review and committee decisions (issue 22)
    _d("idmf.CoAuthor", ["user", "added_by"], _("Who writes an assessment"), kept=STAFF_WORK),
    _d("idmf.Comment", ["author", "resolved_by"], WORK, kept=STAFF_WORK),
    _d("idmf.SpecialistReview", ["requested_by", "reviewer"], WORK, kept=STAFF_WORK),
    _d(
        "idmf.CommitteeDecision",
        ["recorded_by", "attendees"],
        _("The record of a committee's decision and who attended, by role"),
        kept=_("With the decision it records (the public body's record of its decisions)"),
    ),
    _d("idmf.ImportJob", ["uploaded_by"], WORK, kept=STAFF_WORK),
    _d(
        "idmf.PartnerAccess",
        ["user", "organisation_name", "invited_by", "revoked_by"],
        _("Who from a partner organisation outside the system co-authors one assessment"),
        kept=STAFF_WORK,
    ),
    # WRES and WDES returns (issue 25)
    _d("returns.ReturnYear", ["approval_recorded_by"], WORK, kept=STAFF_WORK),
    # Staff networks and Census reference data (issue 19)
    _d("networks.Network", ["created_by"], WORK, kept=STAFF_WORK),
    _d("networks.Chair", ["user"], _("Who chairs a staff network"), kept=STAFF_WORK),
    _d(
        "networks.Member",
        ["user"],
        _("Membership of a staff network, opted into by the member"),
        basis=NETWORK_CONSENT,
        special=("network",),
        special_basis=NETWORK_CONSENT,
        kept=_(
            "While the person is a member: deleted when they leave the network or their "
            "account is erased"
        ),
    ),
    _d("population.AreaPopulation", ["loaded_by"], WORK, kept=STAFF_WORK),
    _d("population.AreaWorkingAge", ["loaded_by"], WORK, kept=STAFF_WORK),
    # Communities such as "Radar" (issue 19, ADR 0046): membership as for staff networks
    _d("communities.Community", ["created_by"], WORK, kept=STAFF_WORK),
    _d("communities.Organiser", ["user"], _("Who organises a community"), kept=STAFF_WORK),
    _d(
        "communities.Member",
        ["user"],
        _("Membership of a community, opted into by the member"),
        basis=NETWORK_CONSENT,
        special=("community",),
        special_basis=NETWORK_CONSENT,
        kept=_(
            "While the person is a member: deleted when they leave the community or their "
            "account is erased"
        ),
    ),
    _d(
        "communities.Resource",
        ["added_by", "file"],
        _("Links and files shared with a community's members; who shared them"),
        kept=_("Until an organiser removes the resource or the community is closed"),
    ),
    _d(
        "communities.Announcement",
        ["posted_by", "body"],
        _("Announcements to a community's members, and who posted them"),
        days=365 * 2,
        disposal="community announcements",
    ),
]


def by_model() -> dict[str, Declaration]:
    return {d.model: d for d in DECLARATIONS}
