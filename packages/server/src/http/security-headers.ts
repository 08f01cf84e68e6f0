import type { IncomingMessage } from 'node:http';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { AuthConfig } from '../config.js';
import type { TrustedProxy } from './trusted-proxy.js';

/** Google's hosts the Firebase sign-in page calls (firebase-auth.ts in the web client). */
const FIREBASE_HOSTS = ['https://identitytoolkit.googleapis.com', 'https://securetoken.googleapis.com'];

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * Browser features the app never uses, turned off for it and anything it embeds.
 * Only features Chromium knows on every platform: it warns in every visitor's
 * console about any other (`bluetooth`, on builds without Web Bluetooth).
 */
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), interest-cohort=()';

/**
 * What the page may connect to besides its own origin: the WebSocket of the
 * origin it was served from (`wss:` behind HTTPS; named, since not every
 * browser lets `'self'` cover it), and Google's sign-in hosts, or their
 * stand-in, only in `firebase` mode.
 */
function connectSources(auth: AuthConfig, proxy: TrustedProxy): Array<string | ((request: IncomingMessage) => string)> {
  // The Host header is the client's: only a plain host[:port] may go into the policy, never its own directives.
  const ownSocket = (request: IncomingMessage) => {
    const host = request.headers.host ?? '';
    return HOST.test(host) ? `${proxy.isHttps(request) ? 'wss' : 'ws'}://${host}` : '';
  };
  if (auth.mode !== 'firebase') return ["'self'", ownSocket];
  return ["'self'", ownSocket, ...(auth.authUrl === undefined ? FIREBASE_HOSTS : [new URL(auth.authUrl).origin])];
}

/**
 * The security headers of every response (helmet, plus what it does not
 * set), so that the app holds on the open internet:
 *
 * - a Content-Security-Policy the production build runs under with no
 *   violation: scripts, styles, fonts and images from this origin only (no
 *   inline script, no `eval`), connections to this origin and its WebSocket
 *   (and Firebase's sign-in hosts in firebase mode), no plugins, no `<base>`,
 *   and no framing by any page (`frame-ancestors 'none'`, with
 *   `X-Frame-Options: DENY` for older browsers): another site cannot overlay
 *   the script page's Share and Delete buttons;
 * - `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` (a
 *   script's id never leaks to a link's target), `Cross-Origin-Opener-Policy:
 *   same-origin`, `Cross-Origin-Resource-Policy: same-origin`, HSTS (ignored
 *   over plain HTTP), and a Permissions-Policy turning off what the app never
 *   uses;
 * - `Cache-Control: no-store` on JSON answers (scripts, sharing, who you
 *   are), so no shared or browser cache keeps them; the web client's own
 *   files set their caching themselves.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { auth: AuthConfig; proxy: TrustedProxy }): void {
  // Loaded with the app's other plugins when it starts; helmet's hook then covers every route, the not-found answer included.
  void app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        fontSrc: ["'self'"],
        connectSrc: connectSources(options.auth, options.proxy),
        manifestSrc: ["'self'"],
        workerSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    // Browsers heed it only over HTTPS; not for subdomains, which may be other people's sites.
    strictTransportSecurity: { maxAge: 180 * 24 * 3600, includeSubDomains: false },
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('permissions-policy', PERMISSIONS_POLICY);
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('application/json')) void reply.header('cache-control', 'no-store');
    return payload;
  });
}
