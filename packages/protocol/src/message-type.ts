/**
 * Top-level message types on `/ws/scripts/:scriptId`.
 *
 * 0–3 are the standard y-websocket types, so a stock client works unchanged.
 * 16 and up are WritersRoom extensions: a client receives them only after it
 * asked for them, so stock clients never see a type they cannot read.
 * Numbers are never renumbered or reused; see PROTOCOL.md.
 */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
  /** client → server: "send me Saved acknowledgements on this connection". */
  SaveAckRequest: 16,
  /** server → client: how many of this connection's document messages are durable. */
  Saved: 17,
  /** client → server: "tell me when this script's comments or history change". */
  NoticeRequest: 18,
  /** server → client: the script's comments or history changed; read them again (REST). */
  Notice: 19,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Second byte of a Sync message (y-protocols/sync numbering). */
export const SyncStep = {
  Step1: 0,
  Step2: 1,
  Update: 2,
} as const;
export type SyncStep = (typeof SyncStep)[keyof typeof SyncStep];
