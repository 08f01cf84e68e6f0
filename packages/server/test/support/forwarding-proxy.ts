import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * The request header a test sets to choose the client address the proxy
 * reports for that request (a test has only loopback addresses to connect
 * from). The proxy removes it before forwarding.
 */
export const CLIENT_ADDRESS_HEADER = 'x-test-client-address';

/**
 * A test double of a TLS-terminating load balancer in front of the server:
 * plain HTTP on loopback, but it forwards every request, and every WebSocket
 * upgrade (the sockets piped both ways), as if it had arrived over HTTPS.
 * Like nginx's `$proxy_add_x_forwarded_for` or haproxy's `option forwardfor`
 * it appends the client's address to any `X-Forwarded-For` the client sent,
 * and it overwrites `X-Forwarded-Proto` with `https`. The client's address is
 * the one the test names in `CLIENT_ADDRESS_HEADER`, else its real peer.
 *
 * `localAddress` makes the proxy connect to the server from another loopback
 * address (127.0.0.2), so a test can tell the proxy and a client that goes
 * around it apart.
 */
export class ForwardingProxy {
  private readonly sockets = new Set<Duplex>();

  private constructor(
    private readonly server: http.Server,
    /** Base URL of the proxy, e.g. http://127.0.0.1:41234 */
    readonly url: string,
  ) {}

  /** Base for WebSocket script URLs through the proxy: `${wsBase}/${scriptId}`. */
  get wsBase(): string {
    return `${this.url.replace(/^http/, 'ws')}/ws/scripts`;
  }

  static async start(targetUrl: string, options: { localAddress?: string } = {}): Promise<ForwardingProxy> {
    const target = new URL(targetUrl);
    const connectTo = { host: target.hostname.replace(/^\[|\]$/g, ''), port: Number(target.port), localAddress: options.localAddress };
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new ForwardingProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const agent = new http.Agent({ keepAlive: false });
    server.on('connection', (socket) => proxy.track(socket));
    server.on('request', (request, response) => {
      const upstream = http.request({ ...connectTo, agent, method: request.method, path: request.url, headers: forwardedHeaders(request) }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      upstream.on('error', () => response.destroy());
      request.pipe(upstream);
    });
    server.on('upgrade', (request: http.IncomingMessage, client: Duplex, head: Buffer) => {
      const upstream = proxy.track(net.connect(connectTo));
      upstream.on('connect', () => {
        const lines = Object.entries(forwardedHeaders(request)).flatMap(([name, value]) => [value ?? []].flat().map((v) => `${name}: ${v}`));
        upstream.write(`${request.method} ${request.url} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
        if (head.length > 0) upstream.write(head);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      for (const socket of [client, upstream]) {
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
        socket.on('close', () => (socket === client ? upstream : client).end());
      }
    });
    return proxy;
  }

  /** Stops listening and drops every connection, forwarded ones included. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track<T extends Duplex>(socket: T): T {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    return socket;
  }
}

/** The client's headers as the load balancer forwards them (see the class). */
function forwardedHeaders(request: http.IncomingMessage): http.OutgoingHttpHeaders {
  const { [CLIENT_ADDRESS_HEADER]: chosen, 'x-forwarded-for': sent, 'x-forwarded-proto': _claimed, ...headers } = request.headers;
  const client = typeof chosen === 'string' ? chosen : (request.socket.remoteAddress ?? '');
  return { ...headers, 'x-forwarded-for': sent ? `${sent}, ${client}` : client, 'x-forwarded-proto': 'https' };
}
