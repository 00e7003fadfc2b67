// The little DER the device needs (docs/protocol.md section 4): writing its three certificates, and reading the
// fields of others' certificates that the chain of trust checks (validity, key, CA flag, signature).
import { concat } from '../bytes';

const text = new TextEncoder();

function length(n: number): number[] {
  return n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
}

export function tlv(tag: number, value: Uint8Array): Uint8Array {
  return concat(new Uint8Array([tag, ...length(value.length)]), value);
}

export function seq(...parts: Uint8Array[]): Uint8Array {
  return tlv(0x30, concat(...parts));
}

export function hex(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16)));
}

/** Name with one CN, a UTF8String, as the Mesh's certificates name keys by their UDF. */
export function commonName(cn: string): Uint8Array {
  return seq(tlv(0x31, seq(hex('0603550403'), tlv(0x0c, text.encode(cn)))));
}

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 4.1.2.5). */
export function time(date: Date): Uint8Array {
  const p2 = (n: number) => String(n).padStart(2, '0');
  const year = date.getUTCFullYear();
  const rest = `${p2(date.getUTCMonth() + 1)}${p2(date.getUTCDate())}${p2(date.getUTCHours())}${p2(date.getUTCMinutes())}${p2(date.getUTCSeconds())}Z`;
  return year < 2050 ? tlv(0x17, text.encode(p2(year % 100) + rest)) : tlv(0x18, text.encode(year + rest));
}

/** One element: its tag, its contents, and the whole encoding. */
export interface Element {
  tag: number;
  contents: Uint8Array;
  whole: Uint8Array;
}

/** Reads the element at `at`; throws on anything malformed or truncated. */
export function read(bytes: Uint8Array, at = 0): Element {
  if (at + 2 > bytes.length) throw new Error('truncated DER');
  const tag = bytes[at]!;
  let size = bytes[at + 1]!;
  let header = 2;
  if (size & 0x80) {
    const count = size & 0x7f;
    if (count < 1 || count > 3 || at + 2 + count > bytes.length) throw new Error('bad DER length');
    size = 0;
    for (let i = 0; i < count; i++) size = size * 256 + bytes[at + 2 + i]!;
    header += count;
  }
  if (at + header + size > bytes.length) throw new Error('truncated DER');
  return { tag, contents: bytes.subarray(at + header, at + header + size), whole: bytes.subarray(at, at + header + size) };
}

/** The elements inside a constructed element, in order. */
export function children(element: Element): Element[] {
  const out: Element[] = [];
  for (let at = 0; at < element.contents.length; ) {
    const child = read(element.contents, at);
    out.push(child);
    at += child.whole.length;
  }
  return out;
}
