// The chain of trust of a personal profile (docs/protocol.md 5.3), checked in the browser as mesh checks it:
// master key, master profile, online keys, the personal profile's signature, every device, the applications' devices,
// and against the version this browser kept (same master key, not older).
import { plainUdf, sameUdf } from '../udf';
import { importKey, verifyIssued, verifySelfSigned, type CertifiedKey, type PublicKeyJson } from './certificates';
import { peek, signer, verify, type Json } from './jws';

export interface VerifiedDevice {
  id: string;
  description: string;
  signature: CertifiedKey;
  authentication: CertifiedKey;
  encryption: CertifiedKey;
}

export interface ApplicationEntry {
  Identifier: string;
  Type: string;
  Friendly?: string;
  SignID?: string[];
  DecryptID?: string[];
}

export interface VerifiedProfile {
  identifier: string;
  masterKey: CertifiedKey;
  onlineKeys: CertifiedKey[];
  devices: VerifiedDevice[];
  applications: ApplicationEntry[];
  updated: string;
}

/** Verifies a SignedPersonalProfile (untagged: SignedData and Identifier); throws with the first failure. */
export async function verifyPersonalProfile(signed: Json, kept?: { masterKey: string; updated: string }): Promise<VerifiedProfile> {
  const jws = signed.SignedData;
  const [type, unverified] = peek(jws);
  if (type !== 'PersonalProfile') throw new Error(`A ${type} is not a personal profile.`);
  const signedMaster = unverified.SignedMasterProfile as Json | undefined;
  const [, unverifiedMaster] = peek(signedMaster?.SignedData);
  const masterKey = await verifySelfSigned(unverifiedMaster.MasterSignatureKey as PublicKeyJson);
  const master = await verify(signedMaster?.SignedData, await importKey(masterKey), 'MasterProfile');
  if (master.Identifier !== `Master${masterKey.udf}` || signedMaster?.Identifier !== `Master${masterKey.udf}`) throw new Error('The master profile is not named for its key.');
  const onlineKeys = await Promise.all(((master.OnlineSignatureKeys as PublicKeyJson[] | undefined) ?? []).map((k) => verifyIssued(k, masterKey)));
  await Promise.all(((master.MasterEscrowKeys as PublicKeyJson[] | undefined) ?? []).map((k) => verifyIssued(k, masterKey)));
  if (onlineKeys.length === 0) throw new Error('The master profile has no online signature key.');

  const online = onlineKeys.find((k) => sameUdf(k.udf, signer(jws)));
  if (!online || online.type !== 'Ed25519') throw new Error('The personal profile is not signed by an online key of its master profile.');
  const profile = await verify(jws, await importKey(online), 'PersonalProfile');
  if (JSON.stringify(profile.SignedMasterProfile) !== JSON.stringify(signedMaster)) throw new Error('The signed master profile differs from the one read.');
  if (profile.Identifier !== masterKey.udf || signed.Identifier !== masterKey.udf) throw new Error('The personal profile is not named for its master key.');
  if (typeof profile.Updated !== 'string') throw new Error('The personal profile has no Updated time.');

  const devices = await Promise.all(((profile.Devices as Json[] | undefined) ?? []).map(verifyDevice));
  const ids = devices.map((d) => plainUdf(d.id));
  if (new Set(ids).size !== ids.length) throw new Error('A device is listed twice.');
  const applications = (profile.Applications as ApplicationEntry[] | undefined) ?? [];
  for (const app of applications)
    for (const id of [...(app.SignID ?? []), ...(app.DecryptID ?? [])])
      if (!devices.some((d) => sameUdf(d.id, id))) throw new Error(`Application ${app.Identifier} names ${id}, which is not a device of the profile.`);

  if (kept) {
    if (!sameUdf(kept.masterKey, masterKey.udf)) throw new Error('The profile is bound to another master key than the one this browser keeps.');
    if (compareTimes(profile.Updated, kept.updated) < 0) throw new Error('The portal served an older version of the profile than this browser holds.');
  }
  return { identifier: masterKey.udf, masterKey, onlineKeys, devices, applications, updated: profile.Updated };
}

/** 5.3 step 9: a SignedDeviceProfile (untagged). */
export async function verifyDevice(signed: Json): Promise<VerifiedDevice> {
  const [type, unverified] = peek(signed.SignedData);
  if (type !== 'DeviceProfile') throw new Error(`A ${type} is not a device profile.`);
  const signature = await verifySelfSigned(unverified.DeviceSignatureKey as PublicKeyJson);
  const device = await verify(signed.SignedData, await importKey(signature), 'DeviceProfile');
  if (device.Identifier !== signature.udf || signed.Identifier !== signature.udf) throw new Error(`Device ${signature.udf} is not named for its key.`);
  const authentication = await verifyIssued(device.DeviceAuthenticationKey as PublicKeyJson, signature);
  const encryption = await verifyIssued(device.DeviceEncryptiontionKey as PublicKeyJson, signature);
  if (authentication.type !== 'Ed25519' || encryption.type !== 'X25519') throw new Error(`Device ${signature.udf} has keys of the wrong types.`);
  return { id: signature.udf, description: String(device.Description ?? ''), signature, authentication, encryption };
}

/** Compares RFC 3339 UTC times to 100 ns (the C# tick), which Date cannot hold. */
export function compareTimes(a: string, b: string): number {
  const ticks = (t: string) => {
    const m = /^(.*?)(?:\.(\d{1,7}))?Z$/.exec(t);
    if (!m) throw new Error(`Not a time: ${t}`);
    return BigInt(Date.parse(`${m[1]}Z`)) * 10_000n + BigInt((m[2] ?? '').padEnd(7, '0'));
  };
  const [x, y] = [ticks(a), ticks(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The time of a new version: now, or one tick after `previous` if the clock has not passed it (5.4). */
export function nextUpdated(previous?: string): string {
  const now = new Date().toISOString().replace(/Z$/, '0000Z');
  if (!previous || compareTimes(now, previous) > 0) return now;
  const m = /^(.*?)(?:\.(\d{1,7}))?Z$/.exec(previous)!;
  const ticks = BigInt(Date.parse(`${m[1]}Z`)) * 10_000n + BigInt((m[2] ?? '').padEnd(7, '0')) + 1n;
  const seconds = new Date(Number(ticks / 10_000_000n) * 1000).toISOString().slice(0, 19);
  return `${seconds}.${String(ticks % 10_000_000n).padStart(7, '0')}Z`;
}
