// The password application as a device uses it (docs/protocol.md 5.7, docs/applications.md): the latest version
// proven in the log, its signer checked, decrypted here with this browser's key; a change is a new version
// encrypted here to every device the profile lets read it, signed here, published BasedOn the version read.
import { GeneralEncrypt } from 'jose';
import { utf8 } from '../bytes';
import { PortalError, transact } from '../portal';
import type { PortalTrust } from '../trust';
import { sameUdf } from '../udf';
import { importKey } from './certificates';
import { compareTimes, nextUpdated, type ApplicationEntry, type VerifiedProfile } from './chain';
import { openApplication, type OpenedApplication } from './applications';
import { sign, type Json } from './jws';
import type { DeviceState } from './state';
import { authorizer, sync } from './sync';

export interface Login {
  Sites?: string[];
  Username?: string;
  Password?: string;
  Notes?: string;
  OtpAuth?: string;
  Modified?: string;
  Device?: string;
  History?: Json[];
}

export interface Vault {
  entry: ApplicationEntry;
  profile: VerifiedProfile;
  transactionId?: string;
  updated?: string;
  logins: Login[];
  // The whole private part, kept so that members this browser does not know survive a change.
  content: Json;
}

/** Opens the latest password vault this device may read; throws when it may read none. */
export async function openVault(trust: PortalTrust, state: DeviceState): Promise<Vault> {
  const profile = await sync(trust, state);
  const passwords = profile.applications.filter((a) => a.Type === 'PasswordProfile');
  const mine = passwords.filter((a) => (a.DecryptID ?? []).some((id) => sameUdf(id, state.id)));
  if (mine.length === 0) throw new Error(passwords.length ? 'The password application does not list this browser: an administering device must add it.' : 'There are no passwords yet: add the first one with mesh on an administering device.');
  // The vault is the first of them that was ever published; while none was, the first (empty) one.
  let entry = mine[0]!;
  let opened: OpenedApplication | undefined;
  for (const candidate of mine) {
    opened = await openApplication(trust, state, profile, candidate);
    if (opened) {
      entry = candidate;
      break;
    }
  }
  const content = opened?.content ?? { Entries: [] };
  return { entry, profile, ...(opened ? { transactionId: opened.transactionId, updated: opened.updated } : {}), logins: (content.Entries as Login[] | undefined) ?? [], content };
}

/** A site as mesh stores it: the host of a URL, lower case, without a final dot. */
export function normalizeSite(site: string): string {
  let host = site.trim();
  if (host.includes('://')) host = new URL(host).hostname;
  return host.toLowerCase().replace(/\.$/, '');
}

/** Stores the password of `username` at `site`, replacing the login it matches (whose older versions become its history). */
export async function setPassword(trust: PortalTrust, state: DeviceState, site: string, username: string, password: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const vault = await openVault(trust, state);
    const sites = [normalizeSite(site)];
    const replaced = vault.logins.filter((l) => l.Username === username && (l.Sites ?? []).some((s) => sites.includes(s)));
    const made: Login = { Sites: sites, Username: username, Password: password, Modified: nextUpdated(), Device: state.id };
    if (replaced[0]?.Notes) made.Notes = replaced[0].Notes;
    if (replaced[0]?.OtpAuth) made.OtpAuth = replaced[0].OtpAuth;
    const history = order(replaced.flatMap(versions));
    if (history.length) made.History = history;
    const content = { ...vault.content, Entries: [...vault.logins.filter((l) => !replaced.includes(l)), made] };
    try {
      await publish(trust, state, vault, content);
      return;
    } catch (e) {
      // Another device published meanwhile: apply the change again to the version it made, once.
      if (!(e instanceof PortalError && e.status === 409) || attempt > 0) throw e;
    }
  }
}

async function publish(trust: PortalTrust, state: DeviceState, vault: Vault, content: Json): Promise<void> {
  const readers = vault.profile.devices.filter((d) => (vault.entry.DecryptID ?? []).some((id) => sameUdf(id, d.id)));
  const encrypt = new GeneralEncrypt(utf8(JSON.stringify({ PasswordProfilePrivate: content }))).setProtectedHeader({ enc: 'A256GCM', cty: 'PasswordProfilePrivate' });
  for (const reader of readers) encrypt.addRecipient(await importKey(reader.encryption)).setUnprotectedHeader({ alg: 'ECDH-ES+A256KW', kid: reader.encryption.udf });
  const notary = trust.newest ? { NotaryToken: trust.newest.jws } : {};
  const published = { PasswordProfile: { EncryptedData: await encrypt.encrypt(), Updated: nextUpdated(vault.updated), ...notary, Identifier: vault.entry.Identifier } };
  const entry = { SignedApplicationProfile: { SignedData: await sign(published, state.signatureKey.privateKey, state.id), Identifier: vault.entry.Identifier } };
  const response = await transact<{ TransactionID?: string }>('Publish', { Entry: entry, ...(vault.transactionId ? { BasedOn: vault.transactionId } : {}) }, authorizer(state, trust.portal, state.account!));
  // Acknowledged: from now on a version below this index is the portal dropping the write (never going back).
  const index = Number(response.TransactionID?.split('@')[0]);
  const held = state.applications?.[vault.entry.Identifier] ?? -1;
  if (Number.isSafeInteger(index)) state.applications = { ...state.applications, [vault.entry.Identifier]: Math.max(index, held) };
}

function versions(login: Login): Json[] {
  const own: Json = {};
  for (const field of ['Password', 'Notes', 'OtpAuth', 'Modified', 'Device'] as const) if (login[field] !== undefined) own[field] = login[field];
  return [own, ...(login.History ?? [])];
}

// History: distinct versions, newest first, at most 10 (PasswordHistory.Order).
function order(all: Json[]): Json[] {
  const seen = new Set<string>();
  const distinct = all.filter((v) => {
    const key = JSON.stringify(['Password', 'Notes', 'OtpAuth', 'Modified', 'Device'].map((f) => v[f] ?? null));
    return seen.has(key) ? false : (seen.add(key), true);
  });
  const time = (v: Json) => (typeof v.Modified === 'string' ? v.Modified : '0001-01-01T00:00:00Z');
  return distinct.sort((a, b) => compareTimes(time(b), time(a))).slice(0, 10);
}
