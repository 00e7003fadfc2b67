// Reading the account's profile as a device must (docs/protocol.md 8.12 and 12.3): Get with Full, the entry proven
// in the log, read from the proven leaf, its chain of trust verified against the version kept, never going back.
import { proveItem } from '../inclusion';
import { transact, type Authorizer, type ItemsResponse } from '../portal';
import { nonceUdf, sameUdf } from '../udf';
import type { PortalTrust } from '../trust';
import { verifyPersonalProfile, type VerifiedProfile } from './chain';
import { signCompact, type Json } from './jws';
import { bodyDigest } from './keys';
import type { DeviceState, KeptProfile } from './state';

/** The device was removed from the profile: it can read nothing new and sign nothing. */
export class RemovedError extends Error {}

/** The latest personal profile of `account`, proven and verified; `kept` is what the browser held before. */
export async function fetchProfile(trust: PortalTrust, account: string, kept?: KeptProfile): Promise<{ profile: VerifiedProfile; kept: KeptProfile }> {
  const page = await transact<ItemsResponse>('Get', { Account: account, Full: true });
  const checkpoint = await trust.verify(page.CheckpointValue);
  await trust.checkConsistency(checkpoint);
  const item = page.DataItems?.[0];
  if (!item) throw new Error(`The portal has no profile for ${account}.`);
  const record = await proveItem(item, checkpoint);
  if (record.kind !== 'AccountProfile' || record.account !== account) throw new Error(`The portal proved an entry that is not ${account}'s profile.`);
  if (kept && item.LogIndex! < kept.logIndex) throw new Error(`The portal served version ${item.LogIndex} of the profile after ${kept.logIndex}: it went back.`);
  const profile = await verifyPersonalProfile(record.entry.Profile as Json, kept && { masterKey: kept.masterKey, updated: kept.updated });
  return { profile, kept: { identifier: profile.identifier, masterKey: profile.masterKey.udf, updated: profile.updated, logIndex: item.LogIndex! } };
}

/** The Authorization header of this device's requests (section 7), signed by its authentication key. */
export function authorizer(state: DeviceState, portal: string, account: string): Authorizer {
  return async (body) => {
    const claims = { RequestClaims: { Portal: portal, Account: account, Device: state.id, Time: new Date().toISOString(), Nonce: nonceUdf(), Digest: await bodyDigest(body) } };
    return `Mesh ${await signCompact(claims, state.authenticationKey.privateKey, state.authenticationUdf)}`;
  };
}

/** Syncs a connected device: the verified profile, which must still list it. */
export async function sync(trust: PortalTrust, state: DeviceState): Promise<VerifiedProfile> {
  const { profile, kept } = await fetchProfile(trust, state.account!, state.kept);
  state.kept = kept;
  if (!profile.devices.some((d) => sameUdf(d.id, state.id))) {
    state.removed = true;
    throw new RemovedError(`This browser has been removed from ${state.account}'s profile: it can no longer read new data or make changes.`);
  }
  return profile;
}
