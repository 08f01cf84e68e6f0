import { WritersRoomError } from '../errors.js';

/** Canonical decimal form only: no sign, no leading zeros, no exponent, no spaces. */
const DECIMAL = /^(0|[1-9][0-9]*)$/;

/**
 * The document generation a client's copy was made from, as it named it in
 * the `generation` query parameter of the upgrade URL ([SY26]); undefined
 * when it named none (stock clients), in which case nothing is checked.
 *
 * A value that is not a non-negative safe integer in canonical decimal form,
 * or a parameter given more than once, is a client bug, not a stale copy: it
 * is refused with WR_ERR_INVALID_REQUEST (4400, do not retry), so the client
 * keeps its copy — and any offline edits in it — instead of being told to
 * drop it.
 *
 * @throws WritersRoomError WR_ERR_INVALID_REQUEST for a malformed value.
 */
export function requestedGeneration(url: string | undefined): number | undefined {
  return nonNegativeIntegerParameter(url, 'generation');
}

/**
 * The screenplay schema version a client says it was built with (`schema`
 * query parameter; the web client names it, stock clients do not).
 *
 * @throws WritersRoomError WR_ERR_CLIENT_OUTDATED (4426) when it is older
 *   than the server's: that client's editor would delete the elements it
 *   does not know. WR_ERR_INVALID_REQUEST for a malformed value.
 */
export function assertCurrentSchema(url: string | undefined, serverSchema: number): void {
  const schema = nonNegativeIntegerParameter(url, 'schema');
  if (schema !== undefined && schema < serverSchema) {
    throw new WritersRoomError('WR_ERR_CLIENT_OUTDATED', `The client was built for screenplay schema ${schema}; the server is at ${serverSchema}.`);
  }
}

/** Query parameter `name` of an upgrade URL as one canonical non-negative integer; undefined when absent. */
function nonNegativeIntegerParameter(url: string | undefined, name: string): number | undefined {
  const start = url?.indexOf('?') ?? -1;
  if (start < 0) return undefined;
  const values = new URLSearchParams(url?.slice(start + 1)).getAll(name);
  if (values.length === 0) return undefined;
  const [value] = values;
  const number = Number(value);
  if (values.length > 1 || value === undefined || !DECIMAL.test(value) || !Number.isSafeInteger(number)) {
    throw new WritersRoomError('WR_ERR_INVALID_REQUEST', `The ${name} query parameter must be one non-negative integer.`);
  }
  return number;
}

/**
 * Why a client whose copy is of another generation than the loaded
 * document's must be refused ([SY26]): merging the copy would bring back what
 * the replacement removed, or duplicate what it re-created. Undefined when
 * the client named no generation or the loaded one.
 */
export function staleCopyError(requested: number | undefined, current: number): WritersRoomError | undefined {
  if (requested === undefined || requested === current) return undefined;
  return new WritersRoomError('WR_ERR_STALE_DOCUMENT', `The copy is of document generation ${requested}; the script is at generation ${current}.`);
}
