export { CloseCode, isDoNotRetry } from './close-codes.js';
export { DEFAULT_MAX_MESSAGE_BYTES } from './limits.js';
export { MessageType, SyncStep } from './message-type.js';
export { encodeSaveAckRequest, encodeSaved, isCountedDocumentMessage, readSaved } from './save-ack.js';
export { presenceName } from './presence-name.js';
