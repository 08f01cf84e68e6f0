export { CloseCode, closeReason, isDoNotRetry, retryAfterSeconds } from './close-codes.js';
export {
  FrameError,
  decodeClientFrame,
  decodeServerFrame,
  encodeAwareness,
  encodePermissionDenied,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  readPermissionDenied,
  type ClientFrame,
  type ServerFrame,
} from './frames.js';
export { DEFAULT_MAX_MESSAGE_BYTES } from './limits.js';
export { MessageType, SyncStep } from './message-type.js';
export { encodeSaveAckRequest, encodeSaved, isCountedDocumentMessage, readSaved } from './save-ack.js';
export { encodeNotice, encodeNoticeRequest, NOTICE_TOPICS, readNotice, type NoticeTopic } from './notice.js';
export { presenceName } from './presence-name.js';
export type { CheckpointView, CommentAnchor, CommentView, PersonView, ThreadView } from './rest-views.js';
