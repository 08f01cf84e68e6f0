import { ApiError } from './client.js';

const WRONG_CREDENTIALS = 'Wrong email or password.';
const SIGN_IN_AGAIN = 'Your sign-in has expired. Sign in again.';
const PASSWORD_SIGN_IN_OFF = 'Signing in with email and password is not enabled for this site.';

/** Google's error codes in words a writer understands; every sign-in and refresh failure we expect is here. */
const PLAIN_WORDS: Readonly<Record<string, string>> = {
  // Made up here (as WR_ERR_NETWORK is for our server): fetch itself failed.
  NETWORK: 'Cannot reach the sign-in service. Check your connection and try again.',
  EMAIL_EXISTS: 'An account with this email already exists. Sign in instead.',
  // Projects with email enumeration protection (the default since 2023) answer INVALID_LOGIN_CREDENTIALS
  // for both; older ones still tell an unknown email from a wrong password.
  INVALID_LOGIN_CREDENTIALS: WRONG_CREDENTIALS,
  INVALID_PASSWORD: WRONG_CREDENTIALS,
  EMAIL_NOT_FOUND: WRONG_CREDENTIALS,
  INVALID_EMAIL: 'That is not an email address.',
  MISSING_EMAIL: 'Enter your email address.',
  MISSING_PASSWORD: 'Enter a password.',
  WEAK_PASSWORD: 'Choose a stronger password: at least 6 characters.',
  TOO_MANY_ATTEMPTS_TRY_LATER: 'Too many attempts. Wait a few minutes, then try again.',
  USER_DISABLED: 'This account has been disabled.',
  OPERATION_NOT_ALLOWED: PASSWORD_SIGN_IN_OFF,
  PASSWORD_LOGIN_DISABLED: PASSWORD_SIGN_IN_OFF,
  TOKEN_EXPIRED: SIGN_IN_AGAIN,
  INVALID_REFRESH_TOKEN: SIGN_IN_AGAIN,
  INVALID_ID_TOKEN: SIGN_IN_AGAIN,
  USER_NOT_FOUND: SIGN_IN_AGAIN,
  CREDENTIAL_TOO_OLD_LOGIN_AGAIN: SIGN_IN_AGAIN,
};

/**
 * A refusal or failure of Google's auth REST API. `code` is Google's (such as
 * EMAIL_EXISTS); the message says it in plain words. A subclass of ApiError, so
 * the page shows it as any other failure and `transient` tells a refusal from
 * an outage.
 */
export class FirebaseAuthError extends ApiError {
  /** `status` 0 with code NETWORK: the service could not be reached. */
  constructor(status: number, code: string) {
    super(status, code, PLAIN_WORDS[code] ?? `The sign-in service refused (${code}).`);
    this.name = 'FirebaseAuthError';
  }
}

/**
 * The error of a non-2xx answer. Google answers `{"error": {"code": 400,
 * "message": "WEAK_PASSWORD : Password should be at least 6 characters"}}`:
 * the code is the message up to " : ".
 */
export function fromFirebaseAnswer(status: number, body: unknown): FirebaseAuthError {
  const message = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
  const code = typeof message === 'string' && message.trim() ? message.split(' : ')[0]!.trim() : `HTTP_${status}`;
  return new FirebaseAuthError(status, code);
}
