/**
 * WebSocket close codes the server uses. 4001/4003/4004 are kept from the
 * older backend so existing clients keep their handling. 1009 is the standard
 * code the WebSocket layer sends for a frame over the size limit.
 */
export const CloseCode = {
  /** Server is shutting down or unloading; reconnect. */
  GoingAway: 1001,
  /** A frame exceeded the server's message size limit. */
  MessageTooLarge: 1009,
  /** No valid credentials. */
  Unauthenticated: 4001,
  /** Authenticated, but no access to this script. */
  Forbidden: 4003,
  /** No such script (or it was deleted). */
  ScriptNotFound: 4004,
  /** A frame could not be decoded (truncated, bad varint, bad Yjs bytes). */
  MalformedMessage: 4400,
  /** The frame's message type is not one a client may send. */
  UnknownMessageType: 4415,
  /** An update would put content the screenplay schema does not know, or text the server cannot store, into the script; it was not applied. */
  UpdateRejected: 4409,
  /**
   * The client named the document generation its copy was made from
   * (`generation` query parameter), and the script's document has been
   * replaced since (an operator's clear, reseed or restore): merging that copy
   * would bring back what was replaced. Drop the copy and open afresh.
   */
  StaleDocument: 4410,
  /**
   * The script's document reached its size limit (MAX_DOCUMENT_BYTES): the
   * change that would have grown it was refused and not applied. The copy
   * holding it must be dropped; deleting content is still accepted.
   */
  DocumentTooLarge: 4413,
  /** The stored script is damaged (rows with missing predecessors); an operator must repair it. */
  ScriptDamaged: 4422,
  /**
   * The client named the screenplay schema it was built with (`schema` query
   * parameter) and it is older than the server's: its editor would delete the
   * elements it does not know. Reload the app to get the new client; a copy
   * kept in the browser stays and is sent once the new client opens it.
   */
  ClientOutdated: 4426,
  /**
   * Too many connection attempts, sockets or messages (a rate limit): retry,
   * but not before the `retry-after=<seconds>` the reason names.
   */
  TooManyRequests: 4429,
  /** A server fault while serving the connection. */
  InternalError: 4500,
  /** Storage is unreachable while loading the script; retry later. */
  StorageUnavailable: 4503,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

const doNotRetry: ReadonlySet<number> = new Set([
  CloseCode.MessageTooLarge,
  CloseCode.Unauthenticated,
  CloseCode.Forbidden,
  CloseCode.ScriptNotFound,
  CloseCode.MalformedMessage,
  CloseCode.UnknownMessageType,
  CloseCode.UpdateRejected,
  CloseCode.StaleDocument,
  CloseCode.DocumentTooLarge,
  CloseCode.ScriptDamaged,
  CloseCode.ClientOutdated,
]);

/**
 * Whether a client should stop reconnecting after this close code: retrying
 * would fail the same way until a person acts (signs in, is granted access,
 * an operator repairs the script, the client is fixed).
 */
export function isDoNotRetry(code: number): boolean {
  return doNotRetry.has(code);
}

/**
 * The close reason of a refusal: the error's catalogue code, and for a rate
 * limit how long to wait (`WR_ERR_RATE_LIMITED retry-after=30`). A close
 * reason holds at most 123 bytes, so nothing longer goes in it.
 */
export function closeReason(code: string, retryAfterS?: number): string {
  return retryAfterS === undefined ? code : `${code} retry-after=${Math.max(1, Math.ceil(retryAfterS))}`;
}

/** The seconds a close reason asks the client to wait before it retries (`closeReason`); undefined when it names none. */
export function retryAfterSeconds(reason: string): number | undefined {
  const match = / retry-after=(\d{1,7})$/.exec(reason);
  return match ? Number(match[1]) : undefined;
}
