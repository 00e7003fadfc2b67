// The personal PKI (docs/protocol.md section 4, 5.3): the device's certificates, written as mesh writes them, and the
// checks a verifier makes of a key's certificate: its UDF, its signature (self-signed CA, or issued by a key), validity.
import { concat, equal, fromBase64Url, sha256, toBase64Url } from '../bytes';
import { keyUdf, sameUdf } from '../udf';
import { children, commonName, hex, read, seq, time, tlv } from './der';

const ED25519_ALGORITHM = hex('300506032b6570');
const ED25519_OID = hex('2b6570');
const X25519_OID = hex('2b656e');
const CLOCK_SKEW_S = 3600;
const LIFETIME_S = 946_728_000; // 30 years of 365.25 days, as mesh
export type KeyRole = 'ca' | 'authentication' | 'encryption';

/** A key as profiles carry it: its UDF and its certificate. */
export interface PublicKeyJson {
  UDF?: string;
  X509Certificate?: string;
}

/** A key whose certificate verified: its type, SPKI and UDF. */
export interface CertifiedKey {
  udf: string;
  spki: Uint8Array;
  type: 'Ed25519' | 'X25519';
}

/** Writes the certificate of `spki` signed by `issuer` (whose UDF is `issuerUdf` and SPKI `issuerSpki`). */
export async function certificate(issuer: CryptoKey, issuerUdf: string, issuerSpki: Uint8Array, subjectUdf: string, spki: Uint8Array, role: KeyRole): Promise<Uint8Array> {
  const serial = crypto.getRandomValues(new Uint8Array(16));
  serial[0] = (serial[0]! & 0x7f) | 0x40; // positive and always 16 octets
  const now = Math.floor(Date.now() / 1000);
  const extension = (oid: string, critical: boolean, value: Uint8Array) => seq(tlv(0x06, hex(oid)), ...(critical ? [hex('0101ff')] : []), tlv(0x04, value));
  const extensions = [
    extension('551d13', true, hex(role === 'ca' ? '30060101ff020100' : '3000')),
    extension('551d0f', true, hex(role === 'ca' ? '03020106' : role === 'authentication' ? '03020780' : '03020308')),
    ...(role === 'authentication' ? [extension('551d25', false, hex('300a06082b06010505070302'))] : []),
    extension('551d0e', false, tlv(0x04, await keyIdentifier(spki))),
    extension('551d23', false, seq(tlv(0x80, await keyIdentifier(issuerSpki)))),
  ];
  const tbs = seq(hex('a003020102'), tlv(0x02, serial), ED25519_ALGORITHM, commonName(issuerUdf),
    seq(time(new Date((now - CLOCK_SKEW_S) * 1000)), time(new Date((now + LIFETIME_S) * 1000))),
    commonName(subjectUdf), spki, tlv(0xa3, seq(...extensions)));
  const signature = new Uint8Array(await crypto.subtle.sign('Ed25519', issuer, tbs as BufferSource));
  return seq(tbs, ED25519_ALGORITHM, tlv(0x03, concat(new Uint8Array([0]), signature)));
}

// RFC 7093 method 1: the first 20 bytes of SHA-256 of the key's bits.
async function keyIdentifier(spki: Uint8Array): Promise<Uint8Array> {
  return (await sha256(spki.slice(12))).slice(0, 20);
}

/** A key as a profile carries it. */
export function publicKeyJson(udf: string, der: Uint8Array): PublicKeyJson {
  return { UDF: udf, X509Certificate: toBase64Url(der) };
}

interface Parsed {
  tbs: Uint8Array;
  spki: Uint8Array;
  type: 'Ed25519' | 'X25519';
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  signature: Uint8Array;
}

/** Reads a certificate; throws on one a verifier must refuse. */
function parse(der: Uint8Array): Parsed {
  const outer = read(der);
  if (outer.whole.length !== der.length) throw new Error('trailing bytes after the certificate');
  const [tbsElement, algorithm, signatureBits] = children(outer);
  if (!tbsElement || !algorithm || !signatureBits || !equal(algorithm.whole, ED25519_ALGORITHM)) throw new Error('not an Ed25519-signed certificate');
  const fields = children(tbsElement);
  const start = fields[0]?.tag === 0xa0 ? 1 : 0;
  const [, innerAlgorithm, , validity, , spkiElement, ...rest] = fields.slice(start);
  if (!innerAlgorithm || !equal(innerAlgorithm.whole, ED25519_ALGORITHM) || !validity || !spkiElement) throw new Error('malformed certificate');
  const [notBefore, notAfter] = children(validity).map(readTime);
  const keyAlgorithm = children(children(spkiElement)[0]!)[0]!;
  const type = equal(keyAlgorithm.contents, ED25519_OID) ? 'Ed25519' : equal(keyAlgorithm.contents, X25519_OID) ? 'X25519' : undefined;
  if (!type || !notBefore || !notAfter) throw new Error('unsupported key or validity');
  const extensions = rest.find((e) => e.tag === 0xa3);
  let isCa = false;
  for (const extension of extensions ? children(children(extensions)[0]!) : []) {
    const [oid, ...values] = children(extension);
    if (oid && equal(oid.contents, hex('551d13'))) {
      const constraints = children(read(values[values.length - 1]!.contents));
      isCa = constraints[0]?.tag === 0x01 && constraints[0].contents[0] === 0xff;
    }
  }
  if (signatureBits.tag !== 0x03 || signatureBits.contents[0] !== 0) throw new Error('malformed signature');
  return { tbs: tbsElement.whole, spki: spkiElement.whole, type, notBefore, notAfter, isCa, signature: signatureBits.contents.subarray(1) };
}

function readTime(element: { tag: number; contents: Uint8Array }): Date {
  const s = new TextDecoder().decode(element.contents);
  const full = element.tag === 0x17 ? (Number(s.slice(0, 2)) < 50 ? '20' : '19') + s : s;
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(full);
  if (!m) throw new Error('malformed time');
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** Imports an Ed25519 or X25519 public key for verifying or key agreement. */
export function importKey(key: CertifiedKey): Promise<CryptoKey> {
  return crypto.subtle.importKey('spki', key.spki as BufferSource, { name: key.type }, true, key.type === 'Ed25519' ? ['verify'] : []);
}

/** 5.3 step 2: a self-signed CA key (the master signing key, a device signature key). */
export async function verifySelfSigned(key: PublicKeyJson | undefined): Promise<CertifiedKey> {
  const { parsed, certified } = await common(key);
  if (!parsed.isCa) throw new Error(`The certificate of ${certified.udf} is not a CA certificate.`);
  await checkSignature(parsed, certified, certified);
  return certified;
}

/** 5.3 step 5: a key whose certificate `issuer` signed (online and escrow keys, device authentication and encryption keys). */
export async function verifyIssued(key: PublicKeyJson | undefined, issuer: CertifiedKey): Promise<CertifiedKey> {
  const { parsed, certified } = await common(key);
  await checkSignature(parsed, certified, issuer);
  return certified;
}

async function common(key: PublicKeyJson | undefined) {
  if (!key?.UDF || !key.X509Certificate) throw new Error('A key has no certificate.');
  const parsed = parse(fromBase64Url(key.X509Certificate));
  const udf = await keyUdf(parsed.spki);
  if (!sameUdf(udf, key.UDF)) throw new Error(`The certificate holds the key ${udf}, not ${key.UDF}.`);
  const now = Date.now();
  if (now < parsed.notBefore.getTime() || now > parsed.notAfter.getTime()) throw new Error(`The certificate of ${key.UDF} is not valid now.`);
  return { parsed, certified: { udf: key.UDF, spki: parsed.spki, type: parsed.type } as CertifiedKey };
}

async function checkSignature(parsed: Parsed, subject: CertifiedKey, issuer: CertifiedKey) {
  if (issuer.type !== 'Ed25519') throw new Error(`${issuer.udf} cannot sign certificates.`);
  const ok = await crypto.subtle.verify('Ed25519', await importKey(issuer), parsed.signature as BufferSource, parsed.tbs as BufferSource);
  if (!ok) throw new Error(`The certificate of ${subject.udf} is not signed by ${issuer.udf}.`);
}
