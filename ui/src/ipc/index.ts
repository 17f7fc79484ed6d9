// The only module that talks to Tauri. Everything else calls these typed functions, whose
// argument and result types are generated from the Rust code (src/bindings, by ts-rs).
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { Progress } from "../bindings/Progress";
import type { ArchivePage } from "../bindings/ArchivePage";
import type { ArchiveQuery } from "../bindings/ArchiveQuery";
import type { PrinterChoice } from "../bindings/PrinterChoice";
import type { AppStatus } from "../bindings/AppStatus";
import type { CatalogueView } from "../bindings/CatalogueView";
import type { ChangePasswordRequest } from "../bindings/ChangePasswordRequest";
import type { CommandError } from "../bindings/CommandError";
import type { DraftData } from "../bindings/DraftData";
import type { DraftView } from "../bindings/DraftView";
import type { FieldError } from "../bindings/FieldError";
import type { EmailCodeRequest } from "../bindings/EmailCodeRequest";
import type { LocalApplication } from "../bindings/LocalApplication";
import type { ApplicationPage } from "../bindings/ApplicationPage";
import type { OutboxItem } from "../bindings/OutboxItem";
import type { TrackingRow } from "../bindings/TrackingRow";
import type { SyncReport } from "../bindings/SyncReport";
import type { Open } from "../bindings/Open";
import type { Announcement } from "../bindings/Announcement";
import type { AnnouncementEdit } from "../bindings/AnnouncementEdit";
import type { Portal } from "../bindings/Portal";
import type { HolidaysView } from "../bindings/HolidaysView";
import type { HolidayEdit } from "../bindings/HolidayEdit";
import type { HolidayImport } from "../bindings/HolidayImport";
import type { HolidayTable } from "../bindings/HolidayTable";
import type { PortalLinks } from "../bindings/PortalLinks";
import type { PortalView } from "../bindings/PortalView";
import type { PublicSurveyKey } from "../bindings/PublicSurveyKey";
import type { PublicSurveyRequest } from "../bindings/PublicSurveyRequest";
import type { FileEntry } from "../bindings/FileEntry";
import type { FilePage } from "../bindings/FilePage";
import type { ForgotPasswordRequest } from "../bindings/ForgotPasswordRequest";
import type { LoginRequest } from "../bindings/LoginRequest";
import type { MonitoringView } from "../bindings/MonitoringView";
import type { MessageResponse } from "../bindings/MessageResponse";
import type { ProfileView } from "../bindings/ProfileView";
import type { Region } from "../bindings/Region";
import type { RegisterRequest } from "../bindings/RegisterRequest";
import type { ResetPasswordRequest } from "../bindings/ResetPasswordRequest";
import type { SessionView } from "../bindings/SessionView";
import type { LogoutView } from "../bindings/LogoutView";
import type { UpdateProfileRequest } from "../bindings/UpdateProfileRequest";
import type { QueueItem } from "../bindings/QueueItem";
import type { QueueQuery } from "../bindings/QueueQuery";
import type { ReviewCase } from "../bindings/ReviewCase";
import type { ReviewItem } from "../bindings/ReviewItem";
import type { Action } from "../bindings/Action";
import type { DecisionResult } from "../bindings/DecisionResult";
import type { SignedIzin } from "../bindings/SignedIzin";
import type { ApplicationView } from "../bindings/ApplicationView";
import type { LocalPermit } from "../bindings/LocalPermit";
import type { OfflineVerification } from "../bindings/OfflineVerification";
import type { InboxList } from "../bindings/InboxList";
import type { InboxMessage } from "../bindings/InboxMessage";
import type { SurveyView } from "../bindings/SurveyView";
import type { SurveyRequest } from "../bindings/SurveyRequest";
import type { IkmReport } from "../bindings/IkmReport";
import type { Complaint } from "../bindings/Complaint";
import type { ComplaintStatus } from "../bindings/ComplaintStatus";
import type { Kategori } from "../bindings/Kategori";
import type { UserSummary } from "../bindings/UserSummary";
import type { AuditPage } from "../bindings/AuditPage";
import type { AuditQuery } from "../bindings/AuditQuery";
import type { Role } from "../bindings/Role";
import type { ChatItem } from "../bindings/ChatItem";
import type { Conversation } from "../bindings/Conversation";
import type { VolumeRow } from "../bindings/VolumeRow";
import type { RequirementEdit } from "../bindings/RequirementEdit";
import type { PermitTypeEdit } from "../bindings/PermitTypeEdit";
import type { Saved } from "../bindings/Saved";
import type { AgencyEdit } from "../bindings/AgencyEdit";
import type { Lokasi } from "../bindings/Lokasi";
import type { LocationCheck } from "../bindings/LocationCheck";
import type { MapPreview } from "../bindings/MapPreview";
import type { MapSettings } from "../bindings/MapSettings";
import type { PackView } from "../bindings/PackView";
import type { PickAnswer } from "../bindings/PickAnswer";
import { toCommandError } from "./errors";

export { CommandFailure } from "./errors";
export type { CommandError };

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toCommandError(e);
  }
}

/** A command whose body is raw bytes (a file), with its details in headers. */
async function callRaw<T>(cmd: string, bytes: Uint8Array, headers: Record<string, string>): Promise<T> {
  try {
    return await invoke<T>(cmd, bytes, { headers });
  } catch (e) {
    throw toCommandError(e);
  }
}

export const api = {
  status: () => call<AppStatus>("app_status"),
  setServer: (url: string) => call<AppStatus>("settings_set_server", { url }),
  setPrinter: (printer: PrinterChoice) => call<AppStatus>("settings_set_printer", { printer }),
  login: (req: LoginRequest, stay = false) => call<SessionView>("auth_login", { req, stay }),
  register: (req: RegisterRequest) => call<SessionView>("auth_register", { req }),
  emailCode: (req: EmailCodeRequest) => call<MessageResponse>("auth_email_code", { req }),
  forgotPassword: (req: ForgotPasswordRequest) => call<MessageResponse>("auth_forgot_password", { req }),
  resetPassword: (req: ResetPasswordRequest) => call<MessageResponse>("auth_reset_password", { req }),
  logout: () => call<LogoutView>("auth_logout"),
  profile: () => call<ProfileView>("profile_get"),
  updateProfile: (req: UpdateProfileRequest) => call<ProfileView>("profile_update", { req }),
  profileEmailCode: (req: EmailCodeRequest) => call<MessageResponse>("profile_email_code", { req }),
  changePassword: (req: ChangePasswordRequest) => call<MessageResponse>("profile_change_password", { req }),
  regions: (parent: string | null) => call<Region[]>("regions_list", { parent }),
  formsLoad: (form: string) => call<Record<string, unknown> | null>("forms_load", { form }),
  formsSave: (form: string, data: Record<string, unknown>) => call<null>("forms_save", { form, data }),
  formsClear: (form: string) => call<null>("forms_clear", { form }),
  catalogue: () => call<CatalogueView>("catalogue_get"),
  draftsList: () => call<DraftView[]>("drafts_list"),
  draftsCreate: () => call<DraftView>("drafts_create"),
  draftsOpen: (id: string) => call<DraftView>("drafts_open", { id }),
  draftsCurrent: () => call<DraftView | null>("drafts_current"),
  draftsLeave: () => call<null>("drafts_leave"),
  draftsSave: (id: string, step: number, data: DraftData) => call<null>("drafts_save", { id, step, data }),
  draftsCheck: (id: string, step: number) => call<FieldError[]>("drafts_check", { id, step }),
  draftsDelete: (id: string) => call<null>("drafts_delete", { id }),
  draftsSubmit: (id: string) => call<FieldError[]>("drafts_submit", { id }),
  outbox: () => call<OutboxItem[]>("outbox_list"),
  outboxCancel: (id: string) => call<DraftView>("outbox_cancel", { id }),
  applications: () => call<LocalApplication[]>("applications_list"),
  applicationsPage: (query: string, page: number) => call<ApplicationPage>("applications_page", { query, page }),
  syncNow: () => call<SyncReport>("sync_now"),
  printResi: (id: string) => call<string>("applications_print_resi", { id }),
  printResiToPrinter: (id: string) => call<string>("applications_print_resi_printer", { id }),
  tracking: (id: string) => call<TrackingRow[]>("applications_tracking", { id }),
  monitoring: (resi: string) => call<MonitoringView>("monitoring_get", { resi }),
  filesList: (query: string, page: number) => call<FilePage>("files_list", { query, page }),
  filesImport: async (file: File, name: string) =>
    callRaw<FileEntry>("files_import", new Uint8Array(await file.arrayBuffer()), {
      "x-original-name": encodeURIComponent(file.name),
      "x-name": encodeURIComponent(name),
    }),
  /** `bytes` (read by the caller, e.g. with a progress bar) into File Saya as `name`. */
  filesImportBytes: (bytes: Uint8Array, originalName: string, name: string) =>
    callRaw<FileEntry>("files_import", bytes, {
      "x-original-name": encodeURIComponent(originalName),
      "x-name": encodeURIComponent(name),
    }),
  filesDelete: (id: string) => call<null>("files_delete", { id }),
  filesOpen: (id: string) => call<null>("files_open", { id }),
  // The back office
  officeQueue: (query: QueueQuery) => call<QueueItem[]>("office_queue", { query }),
  officeClaim: (id: string) => call<ReviewCase>("office_claim", { id }),
  officeCases: () => call<ReviewCase[]>("office_cases"),
  officeCase: (id: string) => call<ReviewCase>("office_case", { id }),
  officeCaseSave: (id: string, checklist: ReviewItem[], note: string) => call<null>("office_case_save", { id, checklist, note }),
  officeDecide: (id: string, action: Action, note: string, checklist: ReviewItem[]) => call<ReviewCase>("office_decide", { id, action, note, checklist }),
  officeRelease: (id: string) => call<null>("office_release", { id }),
  helpGuide: () => call<string>("help_guide"),
  chatFileOpen: (sha256: string, name: string) => call<string>("chat_file_open", { sha256, name }),
  officeLapse: (id: string, action: Action) => call<DecisionResult>("office_lapse", { id, action }),
  officeFile: (sha256: string) => call<ArrayBuffer>("office_file", { sha256 }),
  officeFileOpen: (sha256: string, kind: string) => call<null>("office_file_open", { sha256, kind }),
  signingQueue: () => call<QueueItem[]>("office_signing_queue"),
  officeDossier: (id: string) => call<ReviewCase>("office_dossier", { id }),
  officeSign: (id: string, passphrase: string) => call<SignedIzin>("office_sign", { id, passphrase }),
  officeArchive: (query: ArchiveQuery) => call<ArchivePage>("office_archive", { query }),
  officeRevoke: (id: string, reason: string) => call<string>("office_revoke", { id, reason }),
  // The applicant's revisions and permits
  revisions: () => call<ApplicationView[]>("revisions_list"),
  revisionStart: (id: string) => call<DraftView>("revisions_start", { id }),
  applicationDetail: (id: string) => call<ApplicationView | null>("applications_detail", { id }),
  permits: () => call<LocalPermit[]>("permits_list"),
  permitRenew: (id: string) => call<DraftView>("permits_renew", { id }),
  permitPrint: (id: string) => call<string>("permits_print", { id }),
  permitVerify: (text: string) => call<OfflineVerification>("permits_verify", { text }),
  inbox: (query: string, page: number) => call<InboxList>("inbox_list", { query, page }),
  inboxOpen: (id: number) => call<InboxMessage>("inbox_open", { id }),
  complaints: (status: string) => call<Complaint[]>("complaints_list", { status }),
  complaintCreate: (applicationId: string | null, kategori: Kategori, isi: string) => call<Complaint>("complaints_create", { applicationId, kategori, isi }),
  complaintReply: (id: string, balasan: string, status: ComplaintStatus) => call<Complaint>("complaints_reply", { id, balasan, status }),
  adminUsers: (q: string) => call<UserSummary[]>("admin_users", { q }),
  adminAudit: (query: AuditQuery) => call<AuditPage>("admin_audit", { query }),
  adminAuditExport: (query: AuditQuery) => call<string>("admin_audit_export", { query }),
  adminBlock: (id: string, reason: string) => call<UserSummary>("admin_block", { id, reason }),
  adminUnblock: (id: string) => call<UserSummary>("admin_unblock", { id }),
  adminSetRole: (id: string, role: Role) => call<UserSummary>("admin_set_role", { id, role }),
  chatList: (conversation: string | null) => call<ChatItem[]>("chat_list", { conversation }),
  chatSend: (conversation: string | null, text: string, fileId: string | null) => call<ChatItem[]>("chat_send", { conversation, text, fileId }),
  chatConversations: () => call<Conversation[]>("chat_conversations"),
  chatRead: (conversation: string, seq: number) => call<null>("chat_read", { conversation, seq }),
  adminVolume: (from: string, to: string) => call<VolumeRow[]>("admin_volume", { from, to }),
  adminRequirementSave: (permitType: string, id: number | null, edit: RequirementEdit) => call<Saved>("admin_requirement_save", { permitType, id, edit }),
  adminRequirementRetire: (id: number) => call<Saved>("admin_requirement_retire", { id }),
  adminAgencySave: (id: string, edit: AgencyEdit) => call<Saved>("admin_agency_save", { id, edit }),
  adminPermitTypeSave: (id: string, edit: PermitTypeEdit) => call<Saved>("admin_permit_type_save", { id, edit }),
  surveyForm: (resi: string) => call<SurveyView>("survey_form", { resi }),
  surveySubmit: (id: string, req: SurveyRequest) => call<string>("survey_submit", { id, req }),
  surveyPublicForm: (key: PublicSurveyKey) => call<SurveyView>("survey_public_form", { key }),
  surveyPublicSubmit: (req: PublicSurveyRequest) => call<string>("survey_public_submit", { req }),
  holidays: () => call<HolidaysView>("holidays_get"),
  holidayPut: (date: string, edit: HolidayEdit) => call<HolidayTable>("holiday_put", { date, edit }),
  holidayDelete: (date: string) => call<HolidayTable>("holiday_delete", { date }),
  holidaysImport: (year: number, req: HolidayImport) => call<HolidayTable>("holidays_import", { year, req }),
  portal: () => call<PortalView>("portal_get"),
  portalOpen: (url: string) => call<null>("portal_open", { url }),
  announcements: () => call<Announcement[]>("announcements_list"),
  announcementPut: (id: string | null, edit: AnnouncementEdit) => call<Announcement>("announcement_put", { id, edit }),
  announcementDelete: (id: string) => call<string>("announcement_delete", { id }),
  portalLinksSet: (links: PortalLinks) => call<Portal>("portal_links_set", { links }),
  ikmReport: (from: string, to: string, permitTypeId: string) => call<IkmReport>("ikm_report", { from, to, permitTypeId }),
  ikmExport: (from: string, to: string, permitTypeId: string) => call<string[]>("ikm_export", { from, to, permitTypeId }),
  // Offline maps
  mapPick: (polygon: boolean, lokasi: Lokasi) => call<PickAnswer>("map_pick", { polygon, lokasi }),
  mapCheck: (lokasi: Lokasi) => call<LocationCheck>("map_check", { lokasi }),
  mapPreview: (lokasi: Lokasi) => call<MapPreview | null>("map_preview", { lokasi }),
  mapPacks: () => call<PackView[]>("map_packs"),
  mapImportPack: async (file: File) =>
    callRaw<PackView>("map_import_pack", new Uint8Array(await file.arrayBuffer()), { "x-original-name": encodeURIComponent(file.name) }),
  mapRemovePack: (file: string) => call<null>("map_remove_pack", { file }),
  mapSettings: () => call<MapSettings>("map_settings"),
  mapSetSettings: (settings: MapSettings) => call<MapSettings>("map_set_settings", { settings }),
};

export type Api = typeof api;

/** Calls `cb` whenever the backend sees the server come or go. */
export function onConnectivity(cb: (online: boolean) => void): Promise<() => void> {
  return listen<{ online: boolean }>("connectivity", (e) => cb(e.payload.online));
}

/** Calls `cb` after each sync pass that changed something (an application received, …). */
export function onSync(cb: () => void): Promise<() => void> {
  return listen("sync", () => cb());
}

/** Calls `cb` after each upload chunk the worker sends. */
export function onUploadProgress(cb: (p: Progress) => void): Promise<() => void> {
  return listen<Progress>("upload-progress", (e) => cb(e.payload));
}

/** Calls `cb` when a desktop notification is clicked, with the screen it opens. */
export function onOpen(cb: (target: Open) => void): Promise<() => void> {
  return listen<Open>("open", (e) => cb(e.payload));
}

/** Calls `cb` when the portal's announcements or links changed (and were fetched). */
export function onPortal(cb: () => void): Promise<() => void> {
  return listen("portal", () => cb());
}

/** Calls `cb` when chat messages arrive. */
export function onChat(cb: () => void): Promise<() => void> {
  return listen("chat", () => cb());
}
