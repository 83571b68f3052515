// QuickJS is an ECMAScript engine and nothing more: it lacks the two web APIs the pipeline
// calls, structuredClone (applying overrides) and TextEncoder (the input hash). These stand in
// for them, as a browser or Node provides them, and are installed only where missing.

/** The UTF-8 bytes of a string, as TextEncoder gives them (a lone surrogate becomes U+FFFD). */
function utf8Bytes(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const character of text) {
    let code = character.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x1_0000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  }
  return Uint8Array.from(bytes);
}

class Utf8Encoder {
  readonly encoding = 'utf-8';
  encode(text = ''): Uint8Array {
    return utf8Bytes(text);
  }
}

const host = globalThis as unknown as Record<string, unknown>;
// a JSON round trip clones exactly what the bundle clones: scenario documents that arrived as JSON
if (typeof host.structuredClone !== 'function') host.structuredClone = (value: unknown) => JSON.parse(JSON.stringify(value));
if (typeof host.TextEncoder !== 'function') host.TextEncoder = Utf8Encoder;

export {};
