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

export type Transaction = 'Hello' | 'Get' | 'Status' | 'Transfer' | 'ConnectStart' | 'ConnectStatus' | 'Publish';

/** Makes the Authorization header of a request from its exact body (section 7). */
export type Authorizer = (body: Uint8Array) => Promise<string>;

/** Sends one transaction; answers its response body, or throws PortalError with the portal's description. */
export async function transact<T>(name: Transaction, request: object, authorize?: Authorizer): Promise<T> {
  const body = new TextEncoder().encode(JSON.stringify({ [`${name}Request`]: request }));
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (authorize) headers.Authorization = await authorize(body);
  const response = await fetch('/.well-known/mmm/', { method: 'POST', headers, body: body as BufferSource, cache: 'no-store' });
  let answer: unknown;
  try {
    answer = await response.json();
  } catch {
    throw new PortalError(response.status, `The portal answered ${response.status} without a Mesh response.`);
  }
  const [tag, value] = answer && typeof answer === 'object' ? (Object.entries(answer)[0] ?? []) : [];
  const inner = (value ?? {}) as { Status?: number; StatusDescription?: string };
  if (tag !== `${name}Response`) throw new PortalError(inner.Status ?? response.status, inner.StatusDescription ?? `The portal answered ${response.status}.`);
  return value as T;
}
