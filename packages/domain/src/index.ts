export { AppError, APP_ERROR_CODES, httpStatusFor, isAppError, type AppErrorCode } from './errors';
export { announceUrl, genericAnnounceUrl } from './tracker-url';
export { createTenant, DEFAULT_CATEGORIES, type CreatedTenant } from './tenants/create-tenant';
export { findTenantBySlug } from './tenants/find-tenant';
export { listTenants, type TenantSummary } from './tenants/list-tenants';
export { setTenantStatus } from './tenants/set-tenant-status';
export { createMember, MEMBER_ROLES, type CreatedMember, type MemberRoleName } from './members/create-member';
export { findMemberByUsername } from './members/find-member';
export { rotatePasskey } from './members/rotate-passkey';
export { registerTorrent, MAX_TORRENT_FILE_BYTES } from './torrents/register-torrent';
export { seedBenchData, type BenchData } from './bench/seed-bench-data';
export { DEFAULT_LOGIN_LIMITS, type LoginLimits } from './auth/rate-limit';
export { loginMemberWithPassword, loginOperatorWithPassword, type LoginOutcome } from './auth/login-with-password';
export { completeSecondFactor } from './auth/second-factor';
export { confirmTotpEnrolment, disableTotp, regenerateRecoveryCodes, startTotpEnrolment, type TotpSubject } from './auth/totp-enrolment';
export { registerMember } from './auth/register-member';
export { sendVerificationMail, verifyEmail } from './auth/email-verification';
export { changePassword, requestPasswordReset, resetPassword } from './auth/passwords';
export {
  countedAttempt,
  reauthenticate,
  reauthenticateWithPasskey,
  REAUTH_REQUIRED,
  REAUTH_WINDOW_SECONDS,
  requireRecentReauth,
  stepUpAttempts,
  type ReauthFactor,
  type StepUpAttempts,
  type StepUpSession,
} from './auth/step-up';
export { sendSecurityNotice, type SecurityChange } from './mail/security-notices';
export { createInvite, listInvites } from './invites/invites';
export { createOutboxTransport, createSmtpTransport, readOutbox, type Mail, type MailTransport, type OutboxMail } from './mail/mail-transport';
export {
  createMemberSession,
  endAllMemberSessions,
  endMemberSession,
  resolveMemberSession,
  SESSION_DAYS,
  type ResolvedSession,
  type SessionMember,
} from './sessions/member-sessions';
export {
  createOperatorSession,
  endAllOperatorSessions,
  endOperatorSession,
  resolveOperatorSession,
  type SessionOperator,
} from './sessions/operator-sessions';
export { finishPasskeyLogin, finishPasskeyRegistration, startPasskeyLogin, startPasskeyRegistration } from './passkeys/passkey-ceremonies';
export { deletePasskey, listPasskeys, renamePasskey } from './passkeys/manage-passkeys';
export { findTenantForHost, type SiteTenant } from './tenants/find-tenant-for-host';
export { updateTenantSettings } from './tenants/update-tenant-settings';
export { addTenantHost, checkHostName, listTenantHosts, removeTenantHost } from './tenants/tenant-hosts';
export { findTenantForConsole, requireOwnerAccess, type AccessibleTenant, type ConsoleAccount, type TenantAccessLevel } from './tenants/tenant-access';
export { sendOwnerVerificationMail, signUpOwner, verifyOwnerEmail } from './tenants/sign-up-owner';
export { checkSlugAvailability, type SlugAvailability } from './tenants/slug-availability';
export { startCommunity, type StartedCommunity } from './tenants/start-community';
export { issueOwnerLoginLink, redeemOwnerLoginLink } from './tenants/owner-login';
export { finishOperatorPasskeyLogin, finishOwnerPasskeySignUp, startOperatorPasskeyLogin, startOwnerPasskeySignUp } from './tenants/owner-passkeys';
export { acceptCoOwnerInvite, describeCoOwnerInvite, inviteCoOwner, listTenantOwners, type TenantOwnerRow } from './tenants/co-owners';
export { removeCoOwner, transferTenantOwnership } from './tenants/manage-owners';
export { normaliseTags, uploadTorrent, MAX_DESCRIPTION_LENGTH } from './torrents/upload-torrent';
export { browseTorrents, TORRENT_SORTS, type TorrentPage, type TorrentSort } from './torrents/browse-torrents';
export { searchTorrents } from './torrents/search-torrents';
export { freeleechEventPercent } from './torrents/torrent-filters';
export type { TorrentListItem } from './torrents/torrent-list-item';
export { getTorrent, peerSummary, type TorrentDetails } from './torrents/get-torrent';
export { downloadTorrent } from './torrents/download-torrent';
export { freeleechTokenState, useFreeleechToken, type FreeleechTokenUse, type UseFreeleechTokenOptions } from './torrents/use-freeleech-token';
export { clientFromPeerId } from './torrents/peer-client';
export { listSwarmPeers, type LivePeer, type PeerState, type SwarmMember, type SwarmPeers } from './torrents/swarm-peers';
export { postgresPeerSource, type LivePeerSource, type PeerSummary } from './torrents/live-peers';
export { addComment, setBookmark, thankUploader } from './torrents/torrent-reactions';
export {
  approveTorrent,
  deleteTorrent,
  editTorrent,
  listModerationQueue,
  rejectTorrent,
  type StaffContext,
} from './staff/moderate-torrents';
export { changeMemberGroup, listAuditLog, listGroups, listMembersForStaff, mayManageMember, setMemberDisabled } from './staff/manage-members';
export { listRatioFlags, type RatioFlagReason, type RatioFlagRow } from './staff/list-ratio-flags';
export { getOwnKeys, getProfile, updatePrivacy } from './members/member-profile';
export { changeEmail } from './members/change-email';
export { privacySchema, readPrivacy, type Privacy } from './members/privacy';
export { EMAIL_UNVERIFIED, requireVerifiedEmail } from './members/require-verified-email';
export { listCategories, rotateOwnPasskey, rotateOwnRssKey } from './members/rotate-own-keys';
export { cleanChatBody, mentionedUsernames } from './chat/chat-text';
export { DEFAULT_CHAT_LIMITS, requireId, takeChatToken, type ChatLimits, type ChatRedis } from './chat/chat-guards';
export { assertNotMuted, CHAT_MUTE_MAX_MINUTES, type ActiveChatMute } from './chat/chat-mutes';
export { findChatRoom, isStaffRole, listChatRooms, type ChatRole } from './chat/chat-rooms';
export { loadChatHistory, loadChatMessagesAfter } from './chat/chat-history';
export { postChatMessage, type PostChatMessageOptions } from './chat/post-chat-message';
export { deleteChatMessage, muteChatMember, type ChatStaffContext } from './chat/moderate-chat';
export { postSystemMessage } from './chat/post-system-message';
export { countUnreadNotifications, notifyMember, type NotifyMemberOptions } from './notifications/notify-member';
export { notifyCommentOnUpload, notifyTorrentApproved, notifyTorrentRejected } from './notifications/notify-torrent-events';
export { listNotifications, markNotificationsRead } from './notifications/list-notifications';
export {
  assertPointAmount,
  bookPoints,
  formatPoints,
  MAX_POINTS_PER_BOOKING,
  transferPoints,
  type BookedRow,
  type Booking,
  type LedgerReference,
  type Transfer,
} from './bonus/book-points';
export { getBonusSummary, getTorrentTipTotal, type BonusSummary } from './bonus/bonus-summary';
export { buyStoreItem, TITLE_MAX_LENGTH, validateTitle, type BuyStoreItemOptions, type Purchase } from './bonus/buy-store-item';
export { giftPoints, type GiftPointsOptions } from './bonus/gift-points';
export { BONUS_PAGE_SIZE, listBonusTransactions, type BonusTransactionPage, type BonusTransactionView } from './bonus/list-bonus-transactions';
export { describeStoreItem, findStoreItem, listStoreItems, storeItemView, type StoreItemView } from './bonus/store-items';
export { tipUploader, type TipUploaderOptions } from './bonus/tip-uploader';
export { NOTE_MAX_LENGTH, validateNote } from './bonus/transfer-note';
export { adjustMemberPoints, type AdjustMemberPointsOptions } from './bonus/adjust-member-points';
export {
  acceptFill,
  acceptOverdueFills,
  claimRequest,
  commentOnRequest,
  createRequest,
  deleteRequest,
  editRequest,
  fillRequest,
  rejectFill,
  REQUEST_DESCRIPTION_MAX,
  REQUEST_REASON_MAX,
  REQUEST_TITLE_MAX,
  unclaimRequest,
  unfillRequest,
  voteOnRequest,
  type RequestActor,
} from './requests/request-workflow';
export {
  getRequest,
  listRequests,
  REQUEST_PAGE_SIZE,
  REQUEST_SORTS,
  REQUEST_STATUS_FILTERS,
  type RequestDetails,
  type RequestListPage,
  type RequestSort,
  type RequestState,
  type RequestStatusFilter,
} from './requests/list-requests';
export { deleteNews, getHomePage, NEWS_BODY_MAX, NEWS_TITLE_MAX, ONLINE_WINDOW_MS, postNews, type HomePage } from './home/home-page';
export {
  assignReport,
  countOpenReports,
  fileReport,
  listOwnReports,
  listReports,
  REPORT_NOTE_MAX,
  REPORT_REASON_MAX,
  REPORT_STATUSES,
  REPORT_TARGET_TYPES,
  reopenReport,
  setReportStatus,
  type FiledReport,
  type ReportStatus,
  type ReportTargetType,
  type ReportView,
} from './reports/index';
export { FORUM_NOT_FOUND, isForumStaff, POST_NOT_FOUND, TOPIC_NOT_FOUND, type ForumViewer } from './forums/forum-access';
export { editForumPost, FORUM_POST_MAX, FORUM_POST_RATE, FORUM_TITLE_MAX, forumPostHistory, getForumPost, locateForumPost, replyToTopic, startTopic, type PostRateLimit } from './forums/forum-posts';
export { getForumIndex, getForumPage, getTopicPage, latestForumPosts, POSTS_PER_PAGE, TOPICS_PER_PAGE, type ForumIndex, type ForumPage, type TopicPage } from './forums/forum-reading';
export { mergeTopic, moveTopic, setTopicFlags, setTopicSubscription } from './forums/forum-moderation';
export { DELETE_REASON_MAX, deleteForumPost, deleteForumTopic, findDeletedForumPost, type DeletedForumPost } from './forums/forum-deletion';
export { FORUM_SEARCH_LIMIT, searchForums } from './forums/forum-search';
export { FORUM_DESCRIPTION_MAX, FORUM_NAME_MAX, listForumSetup, moveForumItem, saveForum, saveForumCategory, type GroupRights } from './forums/manage-forums';
export * from './messages/index';
export {
  countOpenTickets,
  getTicket,
  listOwnTickets,
  listTickets,
  openTicket,
  replyToTicket,
  TICKET_BODY_MAX,
  TICKET_CATEGORIES,
  TICKET_CATEGORY_LABELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TICKET_SUBJECT_MAX,
  updateTicket,
  type TicketCategory,
  type TicketPriority,
  type TicketStatus,
} from './tickets/index';
