import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from './message-type.js';

/**
 * Notices (PROTOCOL.md §3a): what a script page shows beside the document —
 * its comments and its history — lives in the database, not in the Yjs
 * document, so a client that shows it asks to be told when it changes and
 * reads it again over REST. A topic the client does not know is ignored.
 */
export const NOTICE_TOPICS = ['comments', 'history'] as const;
export type NoticeTopic = (typeof NOTICE_TOPICS)[number];

export function encodeNoticeRequest(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.NoticeRequest);
  return encoding.toUint8Array(encoder);
}

export function encodeNotice(topic: NoticeTopic): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Notice);
  encoding.writeVarString(encoder, topic);
  return encoding.toUint8Array(encoder);
}

/** Reads the topic of a Notice whose type byte was already read; undefined for a topic this client does not know. */
export function readNotice(decoder: decoding.Decoder): NoticeTopic | undefined {
  const topic = decoding.readVarString(decoder);
  return (NOTICE_TOPICS as readonly string[]).includes(topic) ? (topic as NoticeTopic) : undefined;
}
