// Signs a payload with panva/jose, for the Mesh to verify: one General JWS with every signer,
// and a flattened and a compact JWS per signer. Keys are generated here; public JWKs are returned.
// stdin: {"payload": "<base64url>", "signers": [{"alg": "...", "kid": "..."}]}
// stdout: {"general": {...}, "flattened": [...], "compact": [...], "keys": [jwk, ...]}
import { readFileSync } from 'node:fs';
import * as jose from 'jose';

const input = JSON.parse(readFileSync(0, 'utf8'));
const payload = jose.base64url.decode(input.payload);

const pairs = [];
for (const { alg } of input.signers) {
  pairs.push(await jose.generateKeyPair(alg, { extractable: true, modulusLength: 2048 }));
}

const general = new jose.GeneralSign(payload);
const flattened = [];
const compact = [];
for (const [i, { alg, kid }] of input.signers.entries()) {
  const { privateKey } = pairs[i];
  general.addSignature(privateKey).setProtectedHeader({ alg, cty: 'Test' }).setUnprotectedHeader({ kid });
  flattened.push(await new jose.FlattenedSign(payload).setProtectedHeader({ alg, cty: 'Test' }).setUnprotectedHeader({ kid }).sign(privateKey));
  compact.push(await new jose.CompactSign(payload).setProtectedHeader({ alg, kid }).sign(privateKey));
}

const keys = await Promise.all(pairs.map(p => jose.exportJWK(p.publicKey)));
process.stdout.write(JSON.stringify({ general: await general.sign(), flattened, compact, keys }));
