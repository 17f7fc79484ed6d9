//! Every endpoint of the central server's API, declared once (see [`crate::endpoint`]).
//! The server's router and OpenAPI document and the desktop's HTTP client are built from
//! these lines; a handler is the only other thing an endpoint needs.

use crate::Role;
use crate::api::{
    ChangePasswordRequest, DesktopKey, DesktopKeyRequest, EmailCodeRequest, ForgotPasswordRequest,
    Health, LoginRequest, LoginResponse, MessageResponse, Profile, Region, RegisterRequest,
    ResetPasswordRequest, UpdateProfileRequest,
};
use crate::archive::{ArchivePage, ArchiveQuery};
use crate::audit::{AuditPage, AuditQuery};
use crate::catalogue::{AgencyEdit, Catalogue, PermitTypeEdit, RequirementEdit, Saved};
use crate::chat::{ChatMessage, ChatSend, Conversation, MessagesQuery, ReadRequest};
use crate::complaint::{Complaint, ComplaintListQuery, ComplaintRequest, ReplyRequest};
use crate::endpoint::Access::{Public, Roles, Signed};
use crate::endpoint::{AnyJson, Csv, NoBody, NoQuery, Octets, Upgrade};
use crate::holidays::{HolidayEdit, HolidayImport, HolidayTable};
use crate::ikm::{IkmReport, ReportQuery, SurveyForm, SurveyRequest};
use crate::izin::SignedIzin;
use crate::office::{
    ApplicationView, BlockRequest, DecisionRequest, DecisionResult, Dossier, InboxPage, InboxQuery,
    LapseRequest, OfficeKey, PeriodQuery, PermitView, QueueItem, QueueQuery, RevisionRequest,
    RevokeRequest, RoleRequest, SignRequest, UserQuery, UserSummary, VerifyQuery, VerifyView,
    VolumeRow,
};
use crate::portal::{
    Announcement, AnnouncementEdit, Portal, PortalLinks, PublicSurveyKey, PublicSurveyRequest,
};
use crate::submission::{
    Changes, ChangesQuery, MonitoringView, SubmitRequest, SubmitResponse, UploadStart, UploadStatus,
};

const PEMOHON: &[Role] = &[Role::Pemohon];

const VERIFIKATOR: &[Role] = &[Role::Verifikator];

const PENANDATANGAN: &[Role] = &[Role::Penandatangan];

const ADMIN: &[Role] = &[Role::Admin];

/// Applicants only.
const APPLICANT: crate::endpoint::Access = Roles(PEMOHON);

/// Everyone who works in the office.
pub const OFFICERS: &[Role] = &[Role::Verifikator, Role::Penandatangan, Role::Admin];

crate::endpoints! {
    // ---- meta ----
    /// Liveness: the process answers. Says nothing of the parts it needs (see Ready).
    Alive: Get "/health" (()) ?NoQuery, NoBody => Health, Public, "meta", [];
    /// Readiness: the database answers within a second.
    Ready: Get "/health/ready" (()) ?NoQuery, NoBody => Health, Public, "meta", [];
    /// This document.
    OpenApiDoc: Get "/openapi.json" (()) ?NoQuery, NoBody => AnyJson, Public, "meta", [];

    // ---- auth ----
    /// Sends a one-time code to an e-mail address, to prove it before registering.
    EmailCode: Post "/auth/email-code" (()) ?NoQuery, EmailCodeRequest => MessageResponse, Public, "auth", [409, 429];
    /// Registers an applicant with the e-mail code and signs them in.
    Register: Post "/auth/register" (()) ?NoQuery, RegisterRequest => LoginResponse, Public, "auth", [409, 429];
    /// Signs in with NIK or e-mail and password.
    Login: Post "/auth/login" (()) ?NoQuery, LoginRequest => LoginResponse, Public, "auth", [401, 403, 429];
    /// Ends the caller's session.
    Logout: Post "/auth/logout" (()) ?NoQuery, NoBody => MessageResponse, Signed, "auth", [];
    /// Sends a reset PIN to the account's e-mail.
    ForgotPassword: Post "/auth/forgot-password" (()) ?NoQuery, ForgotPasswordRequest => MessageResponse, Public, "auth", [429];
    /// Sets a new password with the PIN.
    ResetPassword: Post "/auth/reset-password" (()) ?NoQuery, ResetPasswordRequest => MessageResponse, Public, "auth", [429];

    // ---- profile ----
    /// The caller's profile.
    Me: Get "/me" (()) ?NoQuery, NoBody => Profile, Signed, "profile", [];
    /// Changes the caller's profile (a new e-mail needs its code).
    UpdateMe: Put "/me" (()) ?NoQuery, UpdateProfileRequest => Profile, Signed, "profile", [409];
    /// Sends a code to a new e-mail address of the caller.
    ChangeEmailCode: Post "/me/email-code" (()) ?NoQuery, EmailCodeRequest => MessageResponse, Signed, "profile", [409, 429];
    /// Changes the caller's password (the old one is checked).
    ChangePassword: Post "/me/password" (()) ?NoQuery, ChangePasswordRequest => MessageResponse, Signed, "profile", [429];
    /// The account's desktop secret; the password is checked again.
    DesktopKeyOf: Post "/me/desktop-key" (()) ?NoQuery, DesktopKeyRequest => DesktopKey, Signed, "profile", [429];

    // ---- regions ----
    /// The provinces.
    Provinces: Get "/regions" (()) ?NoQuery, NoBody => Vec<Region>, Public, "regions", [];
    /// The regions within a Kemendagri code (e.g. 64 or 64.72).
    RegionChildren: Get "/regions/{code}/children" (String) ?NoQuery, NoBody => Vec<Region>, Public, "regions", [];

    // ---- catalogue ----
    /// The permit catalogue; 304 when the version in If-None-Match is current.
    GetCatalogue: Get "/catalogue" (()) ?NoQuery, NoBody => Catalogue, Public, "catalogue", [304],
        headers [("If-None-Match", "The version the client already has, quoted")];

    // ---- uploads ----
    // Any signed-in user uploads (an officer attaches a file to a chat answer); what an
    // upload may be used for is checked where it is used (a submission: the applicant's).
    /// Starts (or resumes) the upload of a file by its SHA-256.
    UploadBegin: Post "/uploads" (()) ?NoQuery, UploadStart => UploadStatus, Signed, "uploads", [404, 409, 507];
    /// How much of an upload the server has.
    UploadState: Get "/uploads/{sha256}" (String) ?NoQuery, NoBody => UploadStatus, Signed, "uploads", [409, 507];
    /// Appends the bytes at Upload-Offset to an upload.
    UploadChunk: Patch "/uploads/{sha256}" (String) ?NoQuery, Octets => UploadStatus, Signed, "uploads", [409, 507],
        headers [("Upload-Offset", "Where in the file these bytes start")];

    // ---- applications ----
    /// Submits an application; the answer carries its resi.
    Submit: Post "/applications" (()) ?NoQuery, SubmitRequest => SubmitResponse, APPLICANT, "applications", [];
    /// One of the caller's applications, as the office sees it.
    Application: Get "/applications/{id}" (String) ?NoQuery, NoBody => ApplicationView, APPLICANT, "applications", [];
    /// The tracking entries of the caller's applications after `since`, at most 500.
    ChangesSince: Get "/changes" (()) ?ChangesQuery, NoBody => Changes, APPLICANT, "applications", [];
    /// Sends the revision the office asked for.
    Revise: Post "/applications/{id}/revision" (String) ?NoQuery, RevisionRequest => ApplicationView, APPLICANT, "applications", [409];
    /// The caller's permits.
    Permits: Get "/permits" (()) ?NoQuery, NoBody => Vec<PermitView>, APPLICANT, "applications", [];
    /// Public tracking by resi.
    Monitoring: Get "/monitoring/{resi}" (String) ?NoQuery, NoBody => MonitoringView, Public, "monitoring", [429];

    // ---- public verification ----
    /// Checks a permit (and the content and signature a QR code carries).
    VerifyPermit: Get "/permits/{id}/verify" (String) ?VerifyQuery, NoBody => VerifyView, Public, "public", [];
    /// The office's public signing key.
    OfficeKeyOf: Get "/office-key" (()) ?NoQuery, NoBody => OfficeKey, Public, "public", [];

    // ---- the back office ----
    /// The verifier's queue.
    Queue: Get "/office/queue" (()) ?QueueQuery, NoBody => Vec<QueueItem>, Roles(&[Role::Verifikator, Role::Admin]), "office", [];
    /// The signer's queue.
    SigningQueue: Get "/office/signing-queue" (()) ?NoQuery, NoBody => Vec<QueueItem>, Roles(&[Role::Penandatangan, Role::Admin]), "office", [];
    /// A dossier, for any officer.
    OfficeDossier: Get "/office/applications/{id}" (String) ?NoQuery, NoBody => Dossier, Roles(OFFICERS), "office", [];
    /// Every application and permit received, searched by resi, permit number, name, NIK,
    /// NIB, permit type, status and the day it was sent; a page at a time.
    Archive: Get "/office/archive" (()) ?ArchiveQuery, NoBody => ArchivePage, Roles(OFFICERS), "office", [];
    /// Takes an application for verification.
    Claim: Post "/office/applications/{id}/claim" (String) ?NoQuery, NoBody => Dossier, Roles(VERIFIKATOR), "office", [409];
    /// Gives back a claimed application.
    Release: Post "/office/applications/{id}/release" (String) ?NoQuery, NoBody => MessageResponse, Roles(VERIFIKATOR), "office", [409];
    /// The verifier's decision on an application.
    Decide: Post "/office/applications/{id}/decision" (String) ?NoQuery, DecisionRequest => DecisionResult, Roles(VERIFIKATOR), "office", [409];
    /// A verifier's decision on a revision not sent by its deadline: extend once, or reject.
    Lapse: Post "/office/applications/{id}/lapse" (String) ?NoQuery, LapseRequest => DecisionResult, Roles(VERIFIKATOR), "office", [409];
    /// Signs the izin with the office's key (TTE).
    Sign: Post "/office/applications/{id}/sign" (String) ?NoQuery, SignRequest => SignedIzin, Roles(PENANDATANGAN), "office", [409, 429];
    /// The bytes of an attached file.
    OfficeFile: Get "/office/files/{sha256}" (String) ?NoQuery, NoBody => Octets, Roles(OFFICERS), "office", [];
    /// Revokes an issued permit, with the reason.
    Revoke: Post "/office/permits/{id}/revoke" (String) ?NoQuery, RevokeRequest => MessageResponse, Roles(ADMIN), "office", [409];

    // ---- inbox ----
    /// The caller's messages after `since`, at most 500.
    Inbox: Get "/inbox" (()) ?InboxQuery, NoBody => InboxPage, Signed, "inbox", [];
    /// Marks a message read.
    InboxRead: Post "/inbox/{id}/read" (i64) ?NoQuery, NoBody => MessageResponse, Signed, "inbox", [];

    // ---- survey ----
    /// The IKM survey form of a finished application.
    SurveyFormOf: Get "/surveys/form/{resi}" (String) ?NoQuery, NoBody => SurveyForm, APPLICANT, "survey", [409];
    /// Answers the survey.
    SurveySubmit: Post "/applications/{id}/survey" (String) ?NoQuery, SurveyRequest => MessageResponse, APPLICANT, "survey", [409];
    /// The survey form without login, by resi and the applicant's NIK (the portal's
    /// "Survey Kepuasan").
    PublicSurveyForm: Post "/public/surveys/form" (()) ?NoQuery, PublicSurveyKey => SurveyForm, Public, "survey", [409, 429];
    /// Answers the survey without login.
    PublicSurveySubmit: Post "/public/surveys" (()) ?NoQuery, PublicSurveyRequest => MessageResponse, Public, "survey", [409, 429];
    /// The IKM report of a period.
    IkmReportOf: Get "/admin/ikm" (()) ?ReportQuery, NoBody => IkmReport, Roles(ADMIN), "survey", [];
    /// The same, as CSV.
    IkmCsv: Get "/admin/ikm.csv" (()) ?ReportQuery, NoBody => Csv, Roles(ADMIN), "survey", [];

    // ---- complaints ----
    /// Files a complaint.
    ComplaintCreate: Post "/complaints" (()) ?NoQuery, ComplaintRequest => Complaint, APPLICANT, "complaints", [];
    /// The caller's complaints (an applicant), or everyone's (an officer), newest first.
    Complaints: Get "/complaints" (()) ?ComplaintListQuery, NoBody => Vec<Complaint>, Signed, "complaints", [];
    /// Answers a complaint.
    ComplaintReply: Post "/complaints/{id}/reply" (String) ?NoQuery, ReplyRequest => Complaint, Roles(&[Role::Verifikator, Role::Admin]), "complaints", [];

    // ---- chat ----
    /// Sends a chat message.
    ChatSendOne: Post "/chat/messages" (()) ?NoQuery, ChatSend => ChatMessage, Signed, "chat", [];
    /// Messages after `since`, in commit order, at most 500.
    ChatMessages: Get "/chat/messages" (()) ?MessagesQuery, NoBody => Vec<ChatMessage>, Signed, "chat", [];
    /// A chat attachment's bytes, for the conversation's applicant and the officers.
    ChatFile: Get "/chat/files/{sha256}" (String) ?NoQuery, NoBody => Octets, Signed, "chat", [];
    /// The office's conversations.
    ChatConversations: Get "/chat/conversations" (()) ?NoQuery, NoBody => Vec<Conversation>, Roles(OFFICERS), "chat", [];
    /// Marks a conversation read up to `pos`.
    ChatRead: Post "/chat/conversations/{id}/read" (String) ?NoQuery, ReadRequest => MessageResponse, Signed, "chat", [];
    /// The live channel (WebSocket): pushes that something changed.
    Live: Get "/ws" (()) ?NoQuery, NoBody => Upgrade, Signed, "chat", [];
    /// The live channel under its older name.
    LiveChat: Get "/chat/ws" (()) ?NoQuery, NoBody => Upgrade, Signed, "chat", [];

    // ---- portal ----
    /// The announcements shown today and the portal's links.
    PortalOf: Get "/portal" (()) ?NoQuery, NoBody => Portal, Public, "portal", [];
    /// Every announcement, past and future too, newest first.
    Announcements: Get "/admin/announcements" (()) ?NoQuery, NoBody => Vec<Announcement>, Roles(ADMIN), "portal", [];
    /// Publishes or changes an announcement.
    PutAnnouncement: Put "/admin/announcements/{id}" (String) ?NoQuery, AnnouncementEdit => Announcement, Roles(ADMIN), "portal", [];
    /// Withdraws an announcement.
    DeleteAnnouncement: Delete "/admin/announcements/{id}" (String) ?NoQuery, NoBody => MessageResponse, Roles(ADMIN), "portal", [];
    /// Sets the portal's links.
    PutPortalLinks: Put "/admin/portal-links" (()) ?NoQuery, PortalLinks => Portal, Roles(ADMIN), "portal", [];

    // ---- holidays ----
    /// The closed days of the working-day calendar and the years whose SKB table is loaded.
    HolidaysOf: Get "/holidays" (()) ?NoQuery, NoBody => HolidayTable, Public, "holidays", [];
    /// Adds or changes one closed day.
    PutHoliday: Put "/admin/holidays/{date}" (String) ?NoQuery, HolidayEdit => HolidayTable, Roles(ADMIN), "holidays", [];
    /// Removes one closed day.
    DeleteHoliday: Delete "/admin/holidays/{date}" (String) ?NoQuery, NoBody => HolidayTable, Roles(ADMIN), "holidays", [];
    /// Loads a year's SKB table whole, replacing that year's days.
    ImportHolidays: Put "/admin/holidays/years/{year}" (i32) ?NoQuery, HolidayImport => HolidayTable, Roles(ADMIN), "holidays", [];

    // ---- admin ----
    /// Accounts matching a part of a name, NIK or e-mail.
    Users: Get "/admin/users" (()) ?UserQuery, NoBody => Vec<UserSummary>, Roles(ADMIN), "admin", [];
    /// Blocks an account, with the reason.
    Block: Post "/admin/users/{id}/block" (String) ?NoQuery, BlockRequest => UserSummary, Roles(ADMIN), "admin", [409];
    /// Unblocks an account.
    Unblock: Post "/admin/users/{id}/unblock" (String) ?NoQuery, NoBody => UserSummary, Roles(ADMIN), "admin", [409];
    /// Changes an account's role.
    SetRole: Put "/admin/users/{id}/role" (String) ?NoQuery, RoleRequest => UserSummary, Roles(ADMIN), "admin", [409];
    /// The audit log, newest first, a page of 50 at a time, filtered.
    Audit: Get "/admin/audit" (()) ?AuditQuery, NoBody => AuditPage, Roles(ADMIN), "admin", [];
    /// The audit log's rows that match, whole (up to 100 000, the newest), as CSV.
    AuditCsv: Get "/admin/audit.csv" (()) ?AuditQuery, NoBody => Csv, Roles(ADMIN), "admin", [];
    /// Applications of a period per permit type, against the SLA.
    Volume: Get "/admin/reports/volume" (()) ?PeriodQuery, NoBody => Vec<VolumeRow>, Roles(ADMIN), "admin", [];
    /// Creates or changes an agency.
    PutAgency: Put "/admin/catalogue/agencies/{id}" (String) ?NoQuery, AgencyEdit => Saved, Roles(ADMIN), "admin", [];
    /// Creates or changes a permit type.
    PutPermitType: Put "/admin/catalogue/permit-types/{id}" (String) ?NoQuery, PermitTypeEdit => Saved, Roles(ADMIN), "admin", [];
    /// Adds a requirement to a permit type.
    AddRequirement: Post "/admin/catalogue/permit-types/{id}/requirements" (String) ?NoQuery, RequirementEdit => Saved, Roles(ADMIN), "admin", [];
    /// Changes a requirement.
    EditRequirement: Put "/admin/catalogue/requirements/{id}" (i32) ?NoQuery, RequirementEdit => Saved, Roles(ADMIN), "admin", [];
    /// Withdraws a requirement.
    RetireRequirement: Delete "/admin/catalogue/requirements/{id}" (i32) ?NoQuery, NoBody => Saved, Roles(ADMIN), "admin", [];
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::{Endpoint, fill};

    #[test]
    fn every_path_is_declared_once_per_method_and_its_arguments_match() {
        let all = all();
        let mut seen = std::collections::BTreeSet::new();
        for d in &all {
            assert!(d.path.starts_with('/'), "{}", d.name);
            assert!(
                seen.insert((d.method.as_str(), d.path)),
                "{} {} declared twice",
                d.method.as_str(),
                d.path
            );
            assert_eq!(
                d.placeholders().len(),
                (d.path_kinds)().len(),
                "{}: the path's placeholders and its arguments disagree",
                d.name
            );
            assert!(!d.summary.trim().is_empty(), "{} says nothing", d.name);
        }
    }

    #[test]
    fn a_path_is_filled_with_encoded_arguments() {
        assert_eq!(
            fill::<Monitoring>(&"A/B C".to_owned()),
            "/monitoring/A%2FB%20C"
        );
        assert_eq!(fill::<InboxRead>(&7), "/inbox/7/read");
        assert_eq!(fill::<Me>(&()), "/me");
        assert_eq!(<Claim as Endpoint>::ACCESS, Roles(VERIFIKATOR));
    }
}
