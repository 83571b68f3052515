import type { onSendHookHandler } from 'fastify';

/**
 * The page's Content-Security-Policy, sent on every response: the built page (web/dist) loads
 * its module script, stylesheet and module worker from this origin and fetches only /api; it
 * has no inline script or style (chart.js styles its canvases through the DOM, which CSP
 * allows). Its workers compile the engine's WebAssembly kernel, which is part of their own
 * script: 'wasm-unsafe-eval' allows compiling WebAssembly and nothing else (no eval, no
 * Function, no inline script). Nothing may frame it, and no form or <base> may send it elsewhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every response carries (a route may set its own CSP or cache policy first). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** API answers are computed per request (and simulations can be large): never stored. */
export const API_CACHE_CONTROL = 'no-store';

/**
 * onSend hook: the security headers on every response, errors included, and `no-store` on
 * /api responses that set no cache policy of their own. No HSTS: the server speaks plain HTTP
 * (by default on loopback); a TLS proxy in front of it sets that.
 */
export const securityHeaders: onSendHookHandler = async (request, reply, payload) => {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(name)) reply.header(name, value);
  if (request.url.startsWith('/api') && !reply.hasHeader('cache-control')) reply.header('cache-control', API_CACHE_CONTROL);
  return payload;
};
