// The portal's one endpoint (docs/protocol.md section 6): POST /.well-known/mmm/ with one tagged request.
// The explorer uses only the transactions that need no signature: Hello, Get, Status, Transfer.

/** A refusal or failure, as the portal's MeshResponse states it. */
export class PortalError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface DataItem {
  Entry?: Record<string, unknown>;
  TransactionID?: string;
  Published?: string;
  LogIndex?: number;
  LogEntry?: string;
  InclusionProof?: string[];
}

export interface HelloResponse {
  CheckpointKey?: { UDF?: string; X509Certificate?: string };
}

export interface StatusResponse {
  LogSize?: number;
  AccountCount?: number;
  LastWriteTime?: string;
  CheckpointValue?: string;
  ConsistencyProof?: string[];
}

export interface ItemsResponse {
  DataItems?: DataItem[];
  PageKey?: string;
  CheckpointValue?: string;
  StatusDescription?: string;
}

/** Sends one transaction; answers its response body, or throws PortalError with the portal's description. */
export async function transact<T>(name: 'Hello' | 'Get' | 'Status' | 'Transfer', request: object): Promise<T> {
  const response = await fetch('/.well-known/mmm/', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ [`${name}Request`]: request }),
    cache: 'no-store',
  });
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new PortalError(response.status, `The portal answered ${response.status} without a Mesh response.`);
  }
  const [tag, value] = body && typeof body === 'object' ? (Object.entries(body)[0] ?? []) : [];
  const inner = (value ?? {}) as { Status?: number; StatusDescription?: string };
  if (tag !== `${name}Response`) throw new PortalError(inner.Status ?? response.status, inner.StatusDescription ?? `The portal answered ${response.status}.`);
  return value as T;
}
