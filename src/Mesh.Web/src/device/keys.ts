// A new device (docs/protocol.md 5.1, section 4): three key pairs made by WebCrypto with non-extractable private
// halves, their certificates (the signature key's self-signed, the others issued by it), the signed device profile.
import { sha256, toBase64Url } from '../bytes';
import { keyUdf } from '../udf';
import { certificate, publicKeyJson } from './certificates';
import { sign } from './jws';
import type { DeviceState } from './state';

async function spki(pair: CryptoKeyPair): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
}

/** Makes the keys and signed profile of a new device described as `description`. */
export async function createDevice(description: string): Promise<DeviceState> {
  const signatureKey = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  const authenticationKey = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  const encryptionKey = (await crypto.subtle.generateKey({ name: 'X25519' }, false, ['deriveBits', 'deriveKey'])) as CryptoKeyPair;
  const [signatureSpki, authenticationSpki, encryptionSpki] = await Promise.all([spki(signatureKey), spki(authenticationKey), spki(encryptionKey)]);
  const [id, authenticationUdf, encryptionUdf] = await Promise.all([keyUdf(signatureSpki), keyUdf(authenticationSpki), keyUdf(encryptionSpki)]);
  const issue = (udf: string, key: Uint8Array, role: 'ca' | 'authentication' | 'encryption') => certificate(signatureKey.privateKey, id, signatureSpki, udf, key, role);
  const profile = {
    DeviceProfile: {
      Description: description,
      DeviceSignatureKey: publicKeyJson(id, await issue(id, signatureSpki, 'ca')),
      DeviceAuthenticationKey: publicKeyJson(authenticationUdf, await issue(authenticationUdf, authenticationSpki, 'authentication')),
      DeviceEncryptiontionKey: publicKeyJson(encryptionUdf, await issue(encryptionUdf, encryptionSpki, 'encryption')),
      Updated: new Date().toISOString(),
      Identifier: id,
    },
  };
  const signedDevice = { SignedData: await sign(profile, signatureKey.privateKey, id), Identifier: id };
  return { id, description, signatureKey, authenticationKey, encryptionKey, authenticationUdf, encryptionUdf, signedDevice };
}

/** Digest of a request body for its claims: base64url SHA-256 of the exact bytes. */
export async function bodyDigest(body: Uint8Array): Promise<string> {
  return toBase64Url(await sha256(body));
}

