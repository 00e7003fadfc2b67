// Proving a DataItem of a Get with Full (docs/protocol.md 8.4, 11.4): its log leaf is in the tree of the verified
// checkpoint, and what is shown is read from that proven leaf, never from the unproven Entry beside it.
import { fromBase64Url } from './bytes';
import { leafHash, verifyInclusion } from './merkle';
import type { DataItem } from './portal';
import { readLogRecord, type LogRecord } from './records';
import { VerificationError, type Checkpoint } from './trust';

/** The item's log record, once its inclusion proof leads to the checkpoint's root; throws VerificationError. */
export async function proveItem(item: DataItem, checkpoint: Checkpoint): Promise<LogRecord> {
  const index = item.LogIndex;
  if (typeof index !== 'number' || !item.LogEntry || !item.InclusionProof) throw new VerificationError('The portal gave no proof for this item.');
  let leaf: Uint8Array;
  let proof: Uint8Array[];
  try {
    leaf = fromBase64Url(item.LogEntry);
    proof = item.InclusionProof.map(fromBase64Url);
  } catch {
    throw new VerificationError('The proof is not base64url.');
  }
  if (!(await verifyInclusion(index, checkpoint.size, await leafHash(leaf), proof, checkpoint.root)))
    throw new VerificationError(`The inclusion proof of entry ${index} does not lead to the checkpoint's root.`);
  if (item.TransactionID !== `${index}@${checkpoint.portal}`)
    throw new VerificationError(`The item says it is transaction ${String(item.TransactionID)} but it is proven at index ${index}.`);
  try {
    return readLogRecord(leaf);
  } catch (e) {
    throw new VerificationError(`The proven log entry is not a log record (${(e as Error).message}).`);
  }
}
