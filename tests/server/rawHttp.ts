import { connect } from 'node:net';

export interface RawAnswer {
  /** the status code, or 0 when the server closed the connection without an answer */
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** ms from sending to the connection's end */
  readonly ms: number;
}

/**
 * Sends `text` as is on a new TCP connection (no HTTP client in between, so it may be anything
 * an attacker would send) and reads until the server closes the connection or `waitMs` pass.
 */
export function rawRequest(url: string, text: string, waitMs = 5_000): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(Number(port), hostname);
    let received = '';
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', () => {}); // a reset ends it like a close
    socket.on('close', () => {
      clearTimeout(timer);
      const [head = '', ...rest] = received.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body: rest.join('\r\n\r\n'), ms: performance.now() - started });
    });
    socket.write(text);
  });
}
