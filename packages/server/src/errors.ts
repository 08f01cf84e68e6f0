import { CloseCode, closeReason } from '@writersroom/protocol';

interface ErrorDefinition {
  /** HTTP status for REST answers. */
  status: number;
  /** WebSocket close code for socket answers. */
  closeCode: number;
  /** True when the caller did something wrong; false when it is our fault or our infrastructure's. */
  userError: boolean;
  message: string;
}

/**
 * The one catalogue of coded errors. Every error a client can see is one of
 * these, with the same code over REST and WebSocket.
 */
export const errorCatalogue = {
  WR_ERR_UNAUTHENTICATED: { status: 401, closeCode: CloseCode.Unauthenticated, userError: true, message: 'Sign in to continue.' },
  WR_ERR_FORBIDDEN: { status: 403, closeCode: CloseCode.Forbidden, userError: true, message: 'You do not have access to this script.' },
  WR_ERR_SCRIPT_NOT_FOUND: { status: 404, closeCode: CloseCode.ScriptNotFound, userError: true, message: 'No such script.' },
  WR_ERR_NOT_FOUND: { status: 404, closeCode: CloseCode.ScriptNotFound, userError: true, message: 'Not found.' },
  WR_ERR_TOO_MANY_ATTEMPTS: { status: 429, closeCode: CloseCode.Unauthenticated, userError: true, message: 'Too many attempts; try again later.' },
  WR_ERR_RATE_LIMITED: { status: 429, closeCode: CloseCode.TooManyRequests, userError: true, message: 'Too many requests; slow down and try again shortly.' },
  WR_ERR_DOCUMENT_TOO_LARGE: { status: 413, closeCode: CloseCode.DocumentTooLarge, userError: true, message: 'This script has reached its size limit; nothing more can be added to it.' },
  WR_ERR_CONFLICT: { status: 409, closeCode: CloseCode.MalformedMessage, userError: true, message: 'That conflicts with what exists.' },
  WR_ERR_INVALID_REQUEST: { status: 400, closeCode: CloseCode.MalformedMessage, userError: true, message: 'The request is invalid.' },
  WR_ERR_MALFORMED_MESSAGE: { status: 400, closeCode: CloseCode.MalformedMessage, userError: true, message: 'A message could not be decoded.' },
  WR_ERR_UNKNOWN_MESSAGE_TYPE: { status: 400, closeCode: CloseCode.UnknownMessageType, userError: true, message: 'Unknown message type.' },
  WR_ERR_UPDATE_REJECTED: { status: 422, closeCode: CloseCode.UpdateRejected, userError: true, message: 'The change does not fit the screenplay format.' },
  WR_ERR_CLIENT_OUTDATED: { status: 426, closeCode: CloseCode.ClientOutdated, userError: true, message: 'This client is older than the server: reload WritersRoom to keep writing.' },
  WR_ERR_STALE_DOCUMENT: { status: 410, closeCode: CloseCode.StaleDocument, userError: true, message: "The script's document was replaced since your copy was made: drop your copy and open the script again." },
  WR_ERR_UNSTORABLE_TEXT: { status: 400, closeCode: CloseCode.MalformedMessage, userError: true, message: 'The request holds text that cannot be stored (a control character or a lone surrogate).' },
  WR_ERR_INVALID_FILE: { status: 400, closeCode: CloseCode.MalformedMessage, userError: true, message: 'The file cannot be read as a script.' },
  WR_ERR_TOO_LARGE: { status: 413, closeCode: CloseCode.MessageTooLarge, userError: true, message: 'The request is too large.' },
  WR_ERR_INVALID_CONTENT: { status: 400, closeCode: CloseCode.MalformedMessage, userError: true, message: 'The content is not valid screenplay content.' },
  WR_ERR_SCRIPT_DAMAGED: { status: 500, closeCode: CloseCode.ScriptDamaged, userError: false, message: 'The stored script is damaged and cannot be opened until it is repaired.' },
  WR_ERR_STORAGE_UNAVAILABLE: { status: 503, closeCode: CloseCode.StorageUnavailable, userError: false, message: 'The database is unavailable; try again shortly.' },
  WR_ERR_INTERNAL: { status: 500, closeCode: CloseCode.InternalError, userError: false, message: 'Internal server error.' },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof errorCatalogue;

export class WritersRoomError extends Error {
  readonly status: number;
  readonly closeCode: number;
  readonly userError: boolean;
  /** When the caller may try again: the Retry-After header over REST, `retry-after=` in a close reason. */
  readonly retryAfterS: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    options?: { cause?: unknown; retryAfterS?: number },
  ) {
    const definition: ErrorDefinition = errorCatalogue[code];
    super(message ?? definition.message, options);
    this.retryAfterS = options?.retryAfterS;
    this.name = 'WritersRoomError';
    this.status = definition.status;
    this.closeCode = definition.closeCode;
    this.userError = definition.userError;
  }

  /** What a socket closed for this error says: its catalogue code, and how long to wait for a rate limit. */
  get closeReason(): string {
    return closeReason(this.code, this.retryAfterS);
  }
}

/** Any thrown value as a catalogue error; unknown errors become WR_ERR_INTERNAL (our bug). */
export function toWritersRoomError(error: unknown): WritersRoomError {
  if (error instanceof WritersRoomError) return error;
  return new WritersRoomError('WR_ERR_INTERNAL', undefined, { cause: error });
}
