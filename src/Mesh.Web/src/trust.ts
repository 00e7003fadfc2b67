// What this browser has verified about the portal (docs/protocol.md 11.1, 11.2 and 11.6): the checkpoint key,
// pinned on first use, the first checkpoint it saw and the newest, from which the log may only grow.
import { compactVerify, decodeProtectedHeader } from 'jose';
import { equal, fromBase64Url, fromUtf8, toBase64Url } from './bytes';
import { verifyConsistency } from './merkle';
import { transact, type HelloResponse, type StatusResponse } from './portal';
import { keyUdf, sameUdf } from './udf';

/** A checkpoint whose signature this browser verified. */
export interface Checkpoint {
  portal: string;
  size: number;
  root: Uint8Array;
  time: string;
  signer: string;
  /** The compact JWS it was read from (none for one this browser kept). */
  signed?: string;
}

/** Verification failed: the portal served something that does not check. */
export class VerificationError extends Error {}

const KEY_ITEM = 'mesh.portal.checkpoint-key';
const FIRST_ITEM = 'mesh.portal.first-checkpoint';
const NEWEST_ITEM = 'mesh.portal.newest-checkpoint';
// RFC 8410 SubjectPublicKeyInfo of an Ed25519 key: this prefix, then the 32-byte key.
const ED25519_SPKI = new Uint8Array([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

export class PortalTrust {
  /** The newest checkpoint this page proved of its log, as signed: what a version this browser writes carries as its NotaryToken. */
  newest: { size: number; jws: string } | undefined;

  private constructor(
    readonly keyUdf: string,
    private readonly key: CryptoKey,
    readonly portal: string,
  ) {}

  /** Reads the checkpoint key from Hello, checks that its UDF is its key's, and pins it on first use. */
  static async open(): Promise<PortalTrust> {
    const hello = await transact<HelloResponse>('Hello', {});
    const udf = hello.CheckpointKey?.UDF;
    const certificate = hello.CheckpointKey?.X509Certificate;
    if (!udf || !certificate) throw new VerificationError('Hello gave no checkpoint key.');
    const spki = findEd25519Key(fromBase64Url(certificate));
    if (!spki || !sameUdf(await keyUdf(spki), udf)) throw new VerificationError(`The checkpoint key's certificate does not hold the key ${udf}.`);
    const pinned = localStorage.getItem(KEY_ITEM);
    if (pinned && !sameUdf(pinned, udf))
      throw new VerificationError(`The portal's checkpoint key is now ${udf}, but this browser first saw ${pinned}: the portal is not the one it was, or it lies.`);
    if (!pinned) localStorage.setItem(KEY_ITEM, udf);
    const key = await crypto.subtle.importKey('spki', spki as BufferSource, { name: 'Ed25519' }, false, ['verify']);
    return new PortalTrust(udf, key, location.hostname);
  }

  /** Verifies a checkpoint's signature and fields (11.1); throws VerificationError. */
  async verify(jws: string | undefined): Promise<Checkpoint> {
    if (!jws) throw new VerificationError('The portal gave no checkpoint.');
    let payload: Uint8Array;
    try {
      const header = decodeProtectedHeader(jws);
      if (header.cty !== 'Checkpoint' || typeof header.kid !== 'string' || !sameUdf(header.kid, this.keyUdf))
        throw new VerificationError('The checkpoint is not signed by the pinned checkpoint key.');
      payload = (await compactVerify(jws, this.key, { algorithms: ['Ed25519', 'EdDSA'] })).payload;
    } catch (e) {
      throw e instanceof VerificationError ? e : new VerificationError(`The checkpoint's signature does not verify (${(e as Error).message}).`);
    }
    const body = (JSON.parse(fromUtf8(payload)) as { Checkpoint?: Record<string, unknown> }).Checkpoint;
    const size = body?.TreeSize;
    const root = typeof body?.RootHash === 'string' ? fromBase64Url(body.RootHash) : undefined;
    if (!body || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0 || root?.length !== 32 || typeof body.Time !== 'string')
      throw new VerificationError('The checkpoint is malformed.');
    if (typeof body.Portal !== 'string' || body.Portal.toLowerCase() !== this.portal.toLowerCase())
      throw new VerificationError(`The checkpoint is for ${String(body.Portal)}, not ${this.portal}.`);
    return { portal: body.Portal, size, root, time: body.Time, signer: this.keyUdf, signed: jws };
  }

  /** The first checkpoint this browser verified from this portal, if any. */
  firstSeen(): Checkpoint | undefined {
    return this.stored(FIRST_ITEM);
  }

  private stored(item: string): Checkpoint | undefined {
    const stored = localStorage.getItem(item);
    if (!stored) return undefined;
    const kept = JSON.parse(stored) as { size: number; root: string; time: string };
    return { portal: this.portal, size: kept.size, root: fromBase64Url(kept.root), time: kept.time, signer: this.keyUdf };
  }

  private store(item: string, checkpoint: Checkpoint) {
    localStorage.setItem(item, JSON.stringify({ size: checkpoint.size, root: toBase64Url(checkpoint.root), time: checkpoint.time }));
  }

  /**
   * Proves that `checkpoint` and the newest one this browser verified (which was proven to extend the first it saw)
   * are one history, with a consistency proof from the smaller to the larger from Status, and keeps it if newer.
   * A checkpoint the portal serves (`served`) may not be smaller than one it served before: that is a rollback.
   * A device's NotaryToken may be. Answers the first checkpoint seen; throws VerificationError.
   */
  async checkConsistency(checkpoint: Checkpoint, served = true): Promise<Checkpoint> {
    const first = await this.prove(checkpoint, served);
    if (checkpoint.signed && (!this.newest || checkpoint.size >= this.newest.size)) this.newest = { size: checkpoint.size, jws: checkpoint.signed };
    return first;
  }

  private async prove(checkpoint: Checkpoint, served: boolean): Promise<Checkpoint> {
    const first = this.firstSeen();
    if (!first) {
      this.store(FIRST_ITEM, checkpoint);
      this.store(NEWEST_ITEM, checkpoint);
      return checkpoint;
    }
    const newest = this.stored(NEWEST_ITEM) ?? first;
    if (served && checkpoint.size < newest.size)
      throw new VerificationError(`The portal showed this browser a log of ${newest.size} entries, and now one of ${checkpoint.size}: it went back.`);
    const [older, newer] = newest.size <= checkpoint.size ? [newest, checkpoint] : [checkpoint, newest];
    if (older.size === newer.size) {
      if (!equal(older.root, newer.root)) throw new VerificationError(`Two checkpoints of size ${older.size} have different roots: the portal forked its log.`);
      return first;
    }
    const status = await transact<StatusResponse>('Status', { ConsistencyFrom: older.size, ConsistencyTo: newer.size });
    const proof = (status.ConsistencyProof ?? []).map(fromBase64Url);
    if (!(await verifyConsistency(older.size, older.root, newer.size, newer.root, proof)))
      throw new VerificationError(`The log of size ${newer.size} does not extend the log of size ${older.size}: the portal rewrote history.`);
    if (checkpoint.size > newest.size) this.store(NEWEST_ITEM, checkpoint);
    return first;
  }
}

function findEd25519Key(der: Uint8Array): Uint8Array | undefined {
  outer: for (let i = 0; i + ED25519_SPKI.length + 32 <= der.length; i++) {
    for (let j = 0; j < ED25519_SPKI.length; j++) if (der[i + j] !== ED25519_SPKI[j]) continue outer;
    return der.slice(i, i + ED25519_SPKI.length + 32);
  }
  return undefined;
}
