// Connecting this browser to an account (docs/protocol.md 8.8-8.12, docs/connecting-devices.md): the profile is read
// and kept (trust on first use, confirmed by its fingerprint and the witness code), the signed request sent, and the
// administering device's answer verified before the browser believes it.
import { sha512, utf8 } from '../bytes';
import { transact } from '../portal';
import type { PortalTrust } from '../trust';
import { base32, nonceUdf, plainUdf as plain, sameUdf } from '../udf';
import { importKey } from './certificates';
import { signer, sign, verify, type Json } from './jws';
import type { DeviceState } from './state';
import { answerProvesPin, normalizePin, provePin } from './pin';
import { authorizer, fetchProfile } from './sync';


/** The witness code both devices show (Witness.cs): the first 20 Base32 symbols of SHA-512 of what binds the request. */
export async function witnessCode(profile: string, device: string, nonce: string, transactionId: string): Promise<string> {
  const text = `mesh-connection-witness\n${plain(profile)}\n${plain(device)}\n${plain(nonce)}\n${transactionId.toLowerCase()}\n`;
  return base32(await sha512(utf8(text))).slice(0, 20).match(/.{4}/g)!.join('-');
}

/**
 * Asks to join `account`: keeps its verified profile, sends ConnectStart, and records the pending request. With a PIN
 * from mesh device pin, the request proves it, and the administering device accepts it by itself.
 */
export async function startConnection(trust: PortalTrust, state: DeviceState, account: string, pin?: string): Promise<void> {
  const { kept } = await fetchProfile(trust, account);
  const nonce = nonceUdf();
  const proof = pin ? await provePin(normalizePin(pin), kept.identifier, state.id, nonce) : undefined;
  const request = { ConnectionRequest: { ParentUDF: kept.identifier, Device: state.signedDevice, DeviceNonce: nonce, ...(proof ? { PinKey: proof.pinKey, PinAuthenticator: proof.pinAuthenticator } : {}) } };
  const signedRequest = { SignedData: await sign(request, state.signatureKey.privateKey, state.id), Identifier: state.id };
  const response = await transact<{ TransactionID?: string }>('ConnectStart', { SignedRequest: signedRequest, AccountID: account });
  if (!response.TransactionID) throw new Error('The portal did not say which transaction logged the request.');
  state.account = account;
  state.kept = kept;
  state.pending = { account, profile: kept.identifier, nonce, transactionId: response.TransactionID, witness: await witnessCode(kept.identifier, state.id, nonce, response.TransactionID), ...(proof ? { answerKey: proof.answerKey } : {}) };
}

/** Asks whether the request was answered; on an answer, verifies it (its signer, this device, the nonce) first. */
export async function checkConnection(trust: PortalTrust, state: DeviceState): Promise<'pending' | 'accepted' | 'refused'> {
  const pending = state.pending!;
  const status = await transact<{ Result?: Json }>('ConnectStatus', { AccountID: pending.account, DeviceID: state.id }, authorizer(state, trust.portal, pending.account));
  if (!status.Result) return 'pending';
  const { profile, kept } = await fetchProfile(trust, pending.account, state.kept);
  if (profile.identifier !== pending.profile) throw new Error('The account is bound to another profile than the one this browser asked to join.');
  const kid = signer(status.Result.SignedData);
  const administrators = profile.applications.filter((a) => a.Type === 'MeshAdministration').flatMap((a) => a.SignID ?? []);
  const key = profile.onlineKeys.find((k) => sameUdf(k.udf, kid))
    ?? profile.devices.find((d) => sameUdf(d.id, kid) && administrators.some((a) => sameUdf(a, kid)))?.signature;
  if (!key) throw new Error(`The answer is signed by ${kid}, neither an online key nor an administering device: the portal misbehaved.`);
  const result = await verify(status.Result.SignedData, await importKey(key), 'ConnectionResult');
  const device = (result.Device as Json | undefined)?.Identifier;
  if (typeof device !== 'string' || !sameUdf(device, state.id) || !sameUdf(String(result.ParentUDF), pending.profile) || !sameUdf(String(result.DeviceNonce), pending.nonce))
    throw new Error('The answer is not to this request: the portal misbehaved.');
  if (pending.answerKey && result.Result === 'Accepted' && !(await answerProvesPin(pending.answerKey, result.PinAnswer, pending.profile, state.id, pending.nonce, 'Accepted')))
    throw new Error('The answer does not prove the PIN: it is not from the device that issued it, the portal misbehaved.');
  if (result.Result !== 'Accepted') {
    delete state.pending;
    return 'refused';
  }
  if (!profile.devices.some((d) => sameUdf(d.id, state.id))) return 'pending'; // accepted, profile not yet seen listing it
  state.kept = kept;
  delete state.pending;
  state.connected = true;
  return 'accepted';
}
