import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * A message between a coordinator and a worker, as bytes: a JSON header, then typed arrays
 * (8-byte aligned, little-endian as every machine the engine runs on), optionally deflated
 * (counts and values of rounds 2 and 3 shrink several times; simulated paths do not, and are
 * sent as they are). Results travel this way under their own Redis keys, never as a job's
 * return value.
 */
export type Section = Float64Array | Int32Array | Uint32Array | Uint8Array;

const PLAIN = 0x54434631; // "TCF1"
const DEFLATED = 0x5443465a; // "TCFZ"
const KINDS = { f64: Float64Array, i32: Int32Array, u32: Uint32Array, u8: Uint8Array } as const;
type Kind = keyof typeof KINDS;

function kindOf(section: Section): Kind {
  if (section instanceof Float64Array) return 'f64';
  if (section instanceof Int32Array) return 'i32';
  if (section instanceof Uint32Array) return 'u32';
  return 'u8';
}

const aligned = (n: number) => (n + 7) & ~7;

export function encodeFrame(header: object, sections: readonly Section[], deflate = false): Buffer {
  const layout = sections.map((s) => [kindOf(s), s.length] as const);
  const json = Buffer.from(JSON.stringify({ header, layout }));
  let size = aligned(8 + json.length);
  for (const s of sections) size += aligned(s.byteLength);
  const frame = Buffer.alloc(size);
  frame.writeUInt32LE(PLAIN, 0);
  frame.writeUInt32LE(json.length, 4);
  json.copy(frame, 8);
  let at = aligned(8 + json.length);
  for (const s of sections) {
    frame.set(new Uint8Array(s.buffer, s.byteOffset, s.byteLength), at);
    at += aligned(s.byteLength);
  }
  if (!deflate) return frame;
  const packed = deflateRawSync(frame, { level: 1 });
  const out = Buffer.alloc(4 + packed.length);
  out.writeUInt32LE(DEFLATED, 0);
  packed.copy(out, 4);
  return out;
}

export interface DecodedFrame {
  readonly header: unknown;
  readonly sections: readonly Section[];
}

/** The header and arrays of a frame (each array in its own memory); throws on bytes that are not a frame. */
export function decodeFrame(bytes: Buffer): DecodedFrame {
  const magic = bytes.length >= 4 ? bytes.readUInt32LE(0) : 0;
  const frame = magic === DEFLATED ? inflateRawSync(bytes.subarray(4)) : bytes;
  if (frame.length < 8 || frame.readUInt32LE(0) !== PLAIN) throw new Error('not a tradecast frame');
  const length = frame.readUInt32LE(4);
  const { header, layout } = JSON.parse(frame.subarray(8, 8 + length).toString()) as { header: unknown; layout: [Kind, number][] };
  let at = aligned(8 + length);
  const sections = layout.map(([kind, count]) => {
    const Type = KINDS[kind];
    const bytesLength = count * Type.BYTES_PER_ELEMENT;
    const copy = new Uint8Array(bytesLength);
    copy.set(frame.subarray(at, at + bytesLength));
    at += aligned(bytesLength);
    return new Type(copy.buffer) as Section;
  });
  return { header, sections };
}
