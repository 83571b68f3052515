const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The bytes of base64 text (RFC 4648, with `=` padding), without relying on atob or Buffer. */
export function bytesFromBase64(text: string): Uint8Array<ArrayBuffer> {
  const values = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) values[ALPHABET.charCodeAt(i)] = i;
  const digits = text.replace(/=+$/, '');
  const bytes = new Uint8Array(Math.floor((digits.length * 6) / 8));
  let bits = 0;
  let pending = 0;
  let out = 0;
  for (let i = 0; i < digits.length; i++) {
    const value = values[digits.charCodeAt(i)] ?? -1;
    if (value < 0) throw new RangeError(`bytesFromBase64: not base64 at character ${i}`);
    pending = (pending << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (pending >> bits) & 0xff;
    }
  }
  return bytes;
}
