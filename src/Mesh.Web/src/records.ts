// Reading what the public log holds (docs/protocol.md 5.1 and 10.1): log records, and the parts of a
// personal profile a person wants to see. Untrusted text: the caller shows it only as text, never as markup.
import { fromBase64Url, fromUtf8 } from './bytes';

export interface LogRecord {
  published: string;
  account: string;
  kind: string;
  entry: Record<string, unknown>;
}

export interface Device {
  id: string;
  description: string;
}

export interface Application {
  id: string;
  type: string;
  friendly: string;
}

export interface ProfileVersion {
  identifier: string;
  updated: string;
  signer: string;
  devices: Device[];
  applications: Application[];
}

type Json = Record<string, unknown>;

/** The one member of a tagged object: [tag, value]. */
export function untag(value: unknown): [string, Json] {
  const entries = value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
  if (entries.length !== 1 || typeof entries[0]![1] !== 'object' || entries[0]![1] === null) throw new Error('not a tagged object');
  return entries[0] as [string, Json];
}

/** Parses a log leaf, the exact bytes of a tagged LogRecord. */
export function readLogRecord(leaf: Uint8Array): LogRecord {
  const [tag, record] = untag(JSON.parse(fromUtf8(leaf)));
  if (tag !== 'LogRecord') throw new Error(`a ${tag}, not a LogRecord`);
  const [kind, entry] = untag(record.Entry);
  return { published: String(record.Published ?? ''), account: String(record.Account ?? ''), kind, entry };
}

const KINDS: Record<string, string> = {
  AccountProfile: 'personal profile',
  SignedApplicationProfile: 'application profile',
  OfflineEscrowEntry: 'offline escrow',
  OnlineEscrowEntry: 'online escrow',
  SignedConnectionRequest: 'connection request',
  SignedConnectionResult: 'connection result',
};

/** What a log entry is, in words. */
export function describeKind(kind: string): string {
  return KINDS[kind] ?? kind;
}

/** The identifier an entry is published under, if it has one Get can find. */
export function identifierOf(record: LogRecord): string | undefined {
  const id = record.kind === 'AccountProfile' ? record.entry.UserProfileUDF : record.entry.Identifier;
  return typeof id === 'string' ? id : undefined;
}

/** The personal profile inside a SignedPersonalProfile: who signed it, its devices and its applications. */
export function readPersonalProfile(signed: Json): ProfileVersion {
  const data = signed.SignedData as Json | undefined;
  const [tag, profile] = untag(payloadOf(data));
  if (tag !== 'PersonalProfile') throw new Error(`a ${tag}, not a PersonalProfile`);
  const devices = ((profile.Devices as Json[] | undefined) ?? []).map((d) => {
    const [, device] = untag(payloadOf(d.SignedData as Json | undefined));
    return { id: String(device.Identifier ?? d.Identifier ?? ''), description: String(device.Description ?? '') };
  });
  const applications = ((profile.Applications as Json[] | undefined) ?? []).map((a) => ({
    id: String(a.Identifier ?? ''),
    type: String(a.Type ?? ''),
    friendly: String(a.Friendly ?? ''),
  }));
  return { identifier: String(profile.Identifier ?? ''), updated: String(profile.Updated ?? ''), signer: signerOf(data), devices, applications };
}

// A JWS in JSON serialization: its payload decoded as tagged JSON.
function payloadOf(data: Json | undefined): unknown {
  if (typeof data?.payload !== 'string') throw new Error('no signed payload');
  return JSON.parse(fromUtf8(fromBase64Url(data.payload)));
}

// The kid of the first signature, from its unprotected or protected header.
function signerOf(data: Json | undefined): string {
  const first = (data?.signatures as Json[] | undefined)?.[0];
  const header = first?.header as Json | undefined;
  if (typeof header?.kid === 'string') return header.kid;
  if (typeof first?.protected === 'string') {
    const kid = (JSON.parse(fromUtf8(fromBase64Url(first.protected))) as Json).kid;
    if (typeof kid === 'string') return kid;
  }
  return '';
}
