// One-time PINs (docs/connecting-devices.md "One-time PINs", ConnectionPin.cs): the request proves the PIN with a key
// derived from it, and the answer proves it back with a MAC only the issuing device could make.
import { concat, equal, fromBase64Url, toBase64Url, utf8 } from '../bytes';
import { plainUdf as plain } from '../udf';
import { hex } from './der';

const SALT = utf8('mesh-connection-pin');
const ED25519_PKCS8_PREFIX = hex('302e020100300506032b657004220420');
const ED25519_SPKI_PREFIX = hex('302a300506032b6570032100');

/** The PIN's 20 Base32 symbols (dashes and spaces dropped, upper case); throws for anything else. */
export function normalizePin(pin: string): string {
  const text = pin.replace(/[-\s]/g, '').toUpperCase();
  if (!/^[A-Z2-7]{20}$/.test(text)) throw new Error('A PIN is 20 letters and digits 2-7, as mesh device pin prints it.');
  return text;
}

async function hkdf(pin: string, info: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', utf8(pin) as BufferSource, 'HKDF', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: SALT as BufferSource, info: utf8(info) as BufferSource }, key, 256));
}

/** PinKey and PinAuthenticator of a request, and the key that will check the answer (kept with the request). */
export async function provePin(pin: string, profile: string, device: string, nonce: string): Promise<{ pinKey: string; pinAuthenticator: string; answerKey: string }> {
  const seed = await hkdf(pin, '');
  const key = await crypto.subtle.importKey('pkcs8', concat(ED25519_PKCS8_PREFIX, seed) as BufferSource, { name: 'Ed25519' }, true, ['sign']);
  const publicKey = fromBase64Url(String((await crypto.subtle.exportKey('jwk', key)).x));
  const signed = utf8(`mesh-connection-pin\n${plain(profile)}\n${plain(device)}\n${plain(nonce)}\n`);
  const signature = new Uint8Array(await crypto.subtle.sign('Ed25519', key, signed as BufferSource));
  return { pinKey: toBase64Url(concat(ED25519_SPKI_PREFIX, publicKey)), pinAuthenticator: toBase64Url(signature), answerKey: toBase64Url(await hkdf(pin, 'answer')) };
}

/** Whether `answer` (PinAnswer, base64url) is the MAC of `result` under the answer key. */
export async function answerProvesPin(answerKey: string, answer: unknown, profile: string, device: string, nonce: string, result: string): Promise<boolean> {
  if (typeof answer !== 'string') return false;
  const key = await crypto.subtle.importKey('raw', fromBase64Url(answerKey) as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const text = utf8(`mesh-connection-pin-answer\n${plain(profile)}\n${plain(device)}\n${plain(nonce)}\n${result}\n`);
  return equal(new Uint8Array(await crypto.subtle.sign('HMAC', key, text as BufferSource)), fromBase64Url(answer));
}
