/** Where a queue lives: a Redis-protocol server (Redis, Valkey) and a database on it. */
export interface QueueAddress {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  /** rediss:// — TLS */
  readonly tls: boolean;
  /** the URL as it may be shown: the password replaced by <password> */
  readonly shown: string;
}

export type QueueUrlResult = { readonly ok: true; readonly address: QueueAddress } | { readonly ok: false; readonly message: string };

const DEFAULT_REDIS_PORT = 6379;
/** Databases a stock Redis server has (0–15); a server configured with more accepts higher ones. */
const MAX_DB = 1_000_000;
const EXPECTED = 'expected redis://HOST:PORT[/DB] (or rediss:// for TLS, redis://:PASSWORD@HOST:PORT/DB with a password), e.g. redis://127.0.0.1:6379/0';

/** Parses `redis://[[user]:password@]HOST[:PORT][/DB]`; a message naming what is wrong (never the password) otherwise. */
export function parseQueueUrl(text: string): QueueUrlResult {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, message: `"${masked(text)}" is not a URL; ${EXPECTED}` };
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return { ok: false, message: `"${masked(text)}": the scheme must be redis:// or rediss://, got ${url.protocol}//; ${EXPECTED}` };
  if (url.hostname === '') return { ok: false, message: `"${masked(text)}" names no host; ${EXPECTED}` };
  if (url.search !== '' || url.hash !== '') return { ok: false, message: `"${masked(text)}": no ?query or #fragment is understood; ${EXPECTED}` };
  const path = url.pathname.replace(/^\//, '');
  const db = path === '' ? 0 : Number(path);
  if (!/^\d*$/.test(path) || !Number.isInteger(db) || db > MAX_DB)
    return { ok: false, message: `"${masked(text)}": the database must be a whole number after the port (/0, /1 …), got "/${path}"; ${EXPECTED}` };
  const port = url.port === '' ? DEFAULT_REDIS_PORT : Number(url.port);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const shown = `${url.protocol}//${url.username ? `${url.username}:${HIDDEN}@` : url.password ? `:${HIDDEN}@` : ''}${url.host}/${db}`;
  return {
    ok: true,
    address: { host, port, db, tls: url.protocol === 'rediss:', shown, ...(username ? { username } : {}), ...(password ? { password } : {}) },
  };
}

/** What a password is shown as. */
const HIDDEN = '<password>';

/** A URL with any password replaced, for messages. */
function masked(text: string): string {
  return text.replace(/(\/\/[^:/@]*:)[^@/]*@/, `$1${HIDDEN}@`);
}
