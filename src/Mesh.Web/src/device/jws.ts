// JWS as the Mesh uses it (docs/protocol.md section 3): every Signed… object is a General JSON JWS with one
// signature, alg Ed25519 and cty the payload's tag in the protected header, kid the signer key's UDF beside it.
// Signed bytes are kept as they are: verify the bytes, then parse them.
import { CompactSign, GeneralSign, generalVerify, type GeneralJWS } from 'jose';
import { fromBase64Url, fromUtf8, utf8 } from '../bytes';
import { untag } from '../records';

export type Json = Record<string, unknown>;

/** Signs a tagged object: the JWS, with `kid` the signer's UDF. */
export async function sign(tagged: Json, key: CryptoKey, kid: string): Promise<GeneralJWS> {
  const [type] = untag(tagged);
  return await new GeneralSign(utf8(JSON.stringify(tagged))).addSignature(key).setProtectedHeader({ alg: 'Ed25519', cty: type }).setUnprotectedHeader({ kid }).sign();
}

/** The compact JWS of the Authorization header and checkpoints: protected header alg, kid, cty. */
export async function signCompact(tagged: Json, key: CryptoKey, kid: string): Promise<string> {
  const [type] = untag(tagged);
  return await new CompactSign(utf8(JSON.stringify(tagged))).setProtectedHeader({ alg: 'Ed25519', kid, cty: type }).sign(key);
}

/** The kid of the first signature (the one verifiers look the key up by). */
export function signer(jws: unknown): string {
  const first = ((jws as Json | undefined)?.signatures as Json[] | undefined)?.[0];
  const kid = (first?.header as Json | undefined)?.kid;
  if (typeof kid === 'string') return kid;
  if (typeof first?.protected === 'string') {
    const inner = (JSON.parse(fromUtf8(fromBase64Url(first.protected))) as Json).kid;
    if (typeof inner === 'string') return inner;
  }
  throw new Error('A signature names no key.');
}

/** The payload the signature's unverified bytes hold, parsed (only to find which keys may have signed it). */
export function peek(jws: unknown): [string, Json] {
  const payload = (jws as Json | undefined)?.payload;
  if (typeof payload !== 'string') throw new Error('A JWS has no payload.');
  return untag(JSON.parse(fromUtf8(fromBase64Url(payload))));
}

/** Verifies the JWS with `key` and answers its tagged payload, parsed from the verified bytes. */
export async function verify(jws: unknown, key: CryptoKey, expectedType: string): Promise<Json> {
  let payload: Uint8Array;
  try {
    ({ payload } = await generalVerify(jws as GeneralJWS, key, { algorithms: ['Ed25519', 'EdDSA'] }));
  } catch (e) {
    throw new Error(`A ${expectedType} signature does not verify (${(e as Error).message}).`);
  }
  const [type, body] = untag(JSON.parse(fromUtf8(payload)));
  if (type !== expectedType) throw new Error(`A ${type} where a ${expectedType} was expected.`);
  return body;
}
