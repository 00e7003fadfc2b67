// UDF key fingerprints (docs/protocol.md section 2, UDF.md): SHA-2-512 content digest, 140 bits.
import { concat, sha512, utf8 } from './bytes';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SHA2_512 = 0x60;

/** The UDF of a DER SubjectPublicKeyInfo, e.g. MCX5-QNUW-BEVW-Q2XJ-4M2D-MOW6-J4KB. */
export async function keyUdf(spki: Uint8Array): Promise<string> {
  return contentUdf('application/pkix-keyinfo', spki);
}

async function contentUdf(contentType: string, data: Uint8Array, bits = 140): Promise<string> {
  const tcdv = await sha512(concat(utf8(contentType + ':'), await sha512(data)));
  const text = base32(concat(new Uint8Array([SHA2_512 + compression(tcdv)]), tcdv)).slice(0, bits / 5);
  return text.match(/.{1,4}/g)!.join('-');
}

// A digest that ends in 20, 30, 40 or 50 zero bits raises the type byte by 1 to 4.
function compression(tcdv: Uint8Array): number {
  let zeros = 0;
  for (let i = tcdv.length - 1; i >= 0; i--) {
    const b = tcdv[i]!;
    if (b !== 0) {
      zeros += 31 - Math.clz32(b & -b);
      break;
    }
    zeros += 8;
  }
  return zeros >= 50 ? 4 : zeros >= 40 ? 3 : zeros >= 30 ? 2 : zeros >= 20 ? 1 : 0;
}

/** RFC 4648 Base32 without padding, most significant bit first. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let count = 0;
  for (const b of bytes) {
    buffer = (buffer << 8) | b;
    count += 8;
    while (count >= 5) {
      out += ALPHABET[(buffer >>> (count - 5)) & 31];
      count -= 5;
    }
    buffer &= (1 << count) - 1;
  }
  if (count > 0) out += ALPHABET[(buffer << (5 - count)) & 31];
  return out;
}

/** A UDF without its dashes, in upper case: the form it compares and is signed in. */
export function plainUdf(udf: string): string {
  return udf.replace(/-/g, '').toUpperCase();
}

/** UDFs compare equal ignoring case and dashes. */
export function sameUdf(a: string, b: string): boolean {
  return plainUdf(a) === plainUdf(b);
}

/** A fresh nonce UDF: 'N' type byte 0x68 and 128 random bits (protocol.md section 2). */
export function nonceUdf(): string {
  const bytes = new Uint8Array(17);
  bytes[0] = 0x68;
  crypto.getRandomValues(bytes.subarray(1));
  return base32(bytes).slice(0, 28).match(/.{1,4}/g)!.join('-');
}
