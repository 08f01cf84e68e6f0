/**
 * The one way the web client talks to the server's REST API. The session is
 * the HttpOnly `wr_session` cookie, so requests stay same-origin and carry it
 * with `credentials: 'same-origin'`; the page never sees the token.
 */

/**
 * An error answer from the server's catalogue (`{"error": {"code", "message"}}`),
 * or a network failure; its message is fit to show a person. Google's auth API
 * answers with the subclass FirebaseAuthError.
 */
export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** Catalogue code such as `WR_ERR_UNAUTHENTICATED`, or `WR_ERR_NETWORK` / `WR_ERR_BAD_RESPONSE` made up here. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get unauthenticated(): boolean {
    return this.status === 401;
  }

  /** Worth trying again unchanged: the other side was unreachable or failed, rather than refused. */
  get transient(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * Sends one request; resolves with the parsed JSON body (undefined for 204),
 * rejects with ApiError. A file (`Blob`) is sent as the whole body, with its
 * own media type; anything else as JSON.
 */
export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { method, credentials: 'same-origin', ...bodyOf(body) });
  } catch {
    throw new ApiError(0, 'WR_ERR_NETWORK', 'Cannot reach the WritersRoom server. Check your connection and try again.');
  }
  const text = await response.text();
  const parsed = text ? parseJson(text) : undefined;
  if (!response.ok) throw toApiError(response.status, parsed);
  return parsed as T;
}

function bodyOf(body: unknown): { headers: Record<string, string>; body?: BodyInit } {
  if (body === undefined) return { headers: { accept: 'application/json' } };
  if (body instanceof Blob) return { headers: { accept: 'application/json', 'content-type': body.type || 'application/octet-stream' }, body };
  return { headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toApiError(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError(status, error.code, error.message);
  }
  return new ApiError(status, 'WR_ERR_BAD_RESPONSE', `The server answered ${status} without an explanation.`);
}

/** A message fit to show a person, whatever was thrown. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Try again.';
}
