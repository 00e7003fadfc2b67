// Opening an application profile as a device (docs/protocol.md 5.7 "Opening"): the latest version proven in the
// log and not older than the one read before, signed by a device the entry lets sign, decrypted with this browser's key.
import { flattenedDecrypt, type FlattenedJWE, type GeneralJWE } from 'jose';
import { fromUtf8 } from '../bytes';
import { proveItem } from '../inclusion';
import { PortalError, transact, type ItemsResponse } from '../portal';
import { identifierOf } from '../records';
import type { PortalTrust } from '../trust';
import { sameUdf } from '../udf';
import { importKey } from './certificates';
import type { ApplicationEntry, VerifiedProfile } from './chain';
import { signer, verify, type Json } from './jws';
import type { DeviceState } from './state';

export interface OpenedApplication {
  transactionId: string;
  updated: string;
  content: Json;
}

/** The latest version of `entry`, opened; undefined when it was never published (an empty application). */
export async function openApplication(trust: PortalTrust, state: DeviceState, profile: VerifiedProfile, entry: ApplicationEntry): Promise<OpenedApplication | undefined> {
  let page: ItemsResponse;
  try {
    page = await transact<ItemsResponse>('Get', { Identifier: entry.Identifier, Full: true });
  } catch (e) {
    // Never published is empty; but not after this browser read a version: then the portal withholds it.
    if (e instanceof PortalError && e.status === 404 && state.applications?.[entry.Identifier] === undefined) return undefined;
    throw e;
  }
  const checkpoint = await trust.verify(page.CheckpointValue);
  await trust.checkConsistency(checkpoint);
  const item = page.DataItems?.[0];
  if (!item) throw new Error(`The portal answered without ${entry.Type}.`);
  const record = await proveItem(item, checkpoint);
  if (record.kind !== 'SignedApplicationProfile' || record.account !== state.account || identifierOf(record) !== entry.Identifier)
    throw new Error(`The portal proved an entry that is not this account's ${entry.Type}.`);
  const held = state.applications?.[entry.Identifier];
  if (held !== undefined && item.LogIndex! < held) throw new Error(`The portal served an older version of ${entry.Type} (${item.LogIndex}) than this browser read (${held}).`);
  const kid = signer(record.entry.SignedData);
  const author = profile.devices.find((d) => sameUdf(d.id, kid));
  if (!author || !(entry.SignID ?? []).some((id) => sameUdf(id, kid))) throw new Error(`${entry.Type} is signed by ${kid}, which may not sign it.`);
  const published = await verify(record.entry.SignedData, await importKey(author.signature), entry.Type);
  if (published.Identifier !== entry.Identifier || typeof published.Updated !== 'string') throw new Error(`${entry.Type} is not the application it is published as.`);
  await sameLog(trust, published.NotaryToken, entry.Type);
  const content = await decrypt(published.EncryptedData as GeneralJWE, state, `${entry.Type}Private`);
  state.applications = { ...state.applications, [entry.Identifier]: item.LogIndex! };
  return { transactionId: `${item.LogIndex}@${checkpoint.portal}`, updated: published.Updated, content };
}

// The checkpoint the writing device saw (its NotaryToken) must be of the log this browser sees: else the portal
// shows the account's devices different logs (protocol.md 11.6, Trust/SplitViews.cs).
async function sameLog(trust: PortalTrust, token: unknown, what: string): Promise<void> {
  if (typeof token !== 'string') return;
  try {
    await trust.checkConsistency(await trust.verify(token), false);
  } catch (e) {
    throw new Error(`The device that wrote ${what} saw another log than this browser (${(e as Error).message}): the portal shows your devices different logs.`);
  }
}

async function decrypt(jwe: GeneralJWE, state: DeviceState, type: string): Promise<Json> {
  const recipient = jwe.recipients?.find((r) => typeof r.header?.kid === 'string' && sameUdf(r.header.kid, state.encryptionUdf));
  if (!recipient) throw new Error('This version is not encrypted to this browser.');
  const flattened: FlattenedJWE = { protected: jwe.protected!, header: recipient.header!, encrypted_key: recipient.encrypted_key!, iv: jwe.iv!, ciphertext: jwe.ciphertext, tag: jwe.tag! };
  const { plaintext, protectedHeader } = await flattenedDecrypt(flattened, state.encryptionKey.privateKey, { keyManagementAlgorithms: ['ECDH-ES+A256KW', 'ECDH-ES'], contentEncryptionAlgorithms: ['A256GCM', 'A128GCM'] });
  const body = (JSON.parse(fromUtf8(plaintext)) as Json)[type];
  if (protectedHeader?.cty !== type || !body || typeof body !== 'object') throw new Error(`The application holds something else than a ${type}.`);
  return body as Json;
}

/** The mail and network settings this browser may read, each opened (the empty ones left out). */
export async function openSettings(trust: PortalTrust, state: DeviceState, profile: VerifiedProfile): Promise<{ entry: ApplicationEntry; content: Json }[]> {
  const readable = profile.applications.filter((a) => (a.Type === 'MailProfile' || a.Type === 'NetworkProfile') && (a.DecryptID ?? []).some((id) => sameUdf(id, state.id)));
  const opened = await Promise.all(readable.map(async (entry) => ({ entry, opened: await openApplication(trust, state, profile, entry) })));
  return opened.filter((o) => o.opened).map((o) => ({ entry: o.entry, content: o.opened!.content }));
}
