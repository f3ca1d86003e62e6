export { NatterClient, type ClientEvents, type ConnectionStatus, type NatterClientOptions } from './client';
export { ChatStore, type PendingMessage, type StoreSnapshot } from './store';
export { ContactsStore, type ContactsSnapshot } from './contacts';
export { SocialClient } from './social';
export { TypingTracker, summarizeTypers } from './typing';
export { NatterError, type NatterIssue } from './errors';
export { backoffDelay, type BackoffOptions } from './backoff';
export { newClientMsgId } from './ids';
export { extractMentions, mentionCandidates } from './mentions';
export { excerptOf, mentions as mentionsUser } from './message-state';
export type { SendOptions } from './parts/messages';
export type { SearchOptions } from './parts/search';
export type { SendExtras } from './outbox';
export { csrfHeaders, csrfToken, CSRF_HEADER } from './csrf';
export { UploadCancelledError, type UploadBody, type UploadOptions } from './upload';
export type { HeartbeatOptions, SocketLike } from './socket';
export type { RequestInput } from './rest';
export type {
  Attachment,
  AuthOptions,
  SearchConversation,
  SearchHit,
  SearchMessagesResponse,
  EmailVerificationMode,
  Language,
  Contact,
  Conversation,
  FriendRequest,
  Relation,
  SessionInfo,
  Settings,
  UserSummary,
  ErrorCode,
  Me,
  Message,
  MessageChange,
  MessageEdit,
  MemberRole,
  Presence,
  Reaction,
  ReplyQuote,
  PinInfo,
  ForwardedFrom,
  PublicRoom,
  RoomInfo,
  SharedFile,
  RouteName,
  RouteResponse,
  UserRef,
} from '@natter/protocol';
