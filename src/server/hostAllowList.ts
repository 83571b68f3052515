import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { ProblemError } from './apiProblem.js';

/**
 * The Host allow-list, against DNS rebinding: a page on another site whose name an attacker
 * points at 127.0.0.1 reaches this server with that name in `Host`, so the server answers
 * only to names it knows — `localhost` and names under `.localhost`, any IP address (a
 * rebinding page cannot send an IP as its host: its origin would then be that IP), and
 * `allowedHosts` (the host the server listens on, and TRADECAST_ALLOWED_HOSTS; `*` allows any).
 * Another name gets 403 host-not-allowed before anything else runs.
 */
export function createHostAllowList(allowedHosts: readonly string[]) {
  const names = new Set(allowedHosts.map((host) => host.toLowerCase()));
  const anyHost = names.has('*');
  return async function checkHost(request: FastifyRequest): Promise<void> {
    const header = request.headers.host;
    if (anyHost || header === undefined) return; // HTTP/1.0 without a Host header: no browser sends one
    if (!isAllowedHost(header, names)) throw new ProblemError({ kind: 'host-not-allowed', host: header });
  };
}

/** Whether a Host header (`name[:port]`, `[ipv6]:port`) names this server. */
export function isAllowedHost(header: string, names: ReadonlySet<string>): boolean {
  let hostname: string;
  try {
    hostname = new URL(`http://${header}`).hostname.toLowerCase();
  } catch {
    return false; // not a host at all
  }
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return hostname === 'localhost' || hostname.endsWith('.localhost') || isIP(bare) !== 0 || names.has(hostname);
}
