// What this browser keeps as a device, in IndexedDB: its keys as non-extractable CryptoKeys (the private halves
// can sign and decrypt here and can never be read out, not even by this page), its signed device profile, and
// what it has verified (the profile version, the applications' log indexes), so that it never goes backwards.
import type { Json } from './jws';

export interface KeptProfile {
  identifier: string;
  masterKey: string;
  updated: string;
  logIndex: number;
}

export interface PendingConnection {
  account: string;
  profile: string;
  nonce: string;
  transactionId: string;
  witness: string;
  // With a PIN: the key that checks the answer's PinAnswer.
  answerKey?: string;
}

export interface DeviceState {
  id: string;
  description: string;
  signatureKey: CryptoKeyPair;
  authenticationKey: CryptoKeyPair;
  encryptionKey: CryptoKeyPair;
  authenticationUdf: string;
  encryptionUdf: string;
  signedDevice: Json;
  account?: string;
  kept?: KeptProfile;
  pending?: PendingConnection;
  connected?: boolean;
  removed?: boolean;
  // Per application identifier: the newest log index verified, never to go back from.
  applications?: Record<string, number>;
}

const DATABASE = 'mesh-device';
const STORE = 'state';
const KEY = 'device';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB is not available.'));
  });
}

async function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = act(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB failed.'));
    });
  } finally {
    db.close();
  }
}

export const loadDevice = (): Promise<DeviceState | undefined> => run('readonly', (s) => s.get(KEY) as IDBRequest<DeviceState | undefined>);
export const saveDevice = (state: DeviceState): Promise<IDBValidKey> => run('readwrite', (s) => s.put(state, KEY));
export const forgetDevice = (): Promise<undefined> => run('readwrite', (s) => s.delete(KEY));
