// Verifies a General JWS (RFC 7515 section 7.2.1) made by the Mesh with panva/jose.
// stdin: {"jws": {...}, "keys": [{"jwk": {...}, "alg": "..."}]}, key i for signature i.
// stdout: {"flattened": [...], "general": [...]}: per signature, and per key via generalVerify.
import { readFileSync } from 'node:fs';
import * as jose from 'jose';

const { jws, keys } = JSON.parse(readFileSync(0, 'utf8'));
const imported = await Promise.all(keys.map(k => jose.importJWK(k.jwk, k.alg)));

const outcome = async verify => {
  try {
    const r = await verify();
    return { verified: true, payload: jose.base64url.encode(r.payload), protectedHeader: r.protectedHeader, unprotectedHeader: r.unprotectedHeader };
  } catch (e) {
    return { verified: false, error: `${e.code ?? e.name}: ${e.message}` };
  }
};

const flattened = [];
for (const [i, s] of jws.signatures.entries()) {
  flattened.push(await outcome(() => jose.flattenedVerify({ payload: jws.payload, ...s }, imported[i])));
}
const general = [];
for (const key of imported) general.push(await outcome(() => jose.generalVerify(jws, key)));

process.stdout.write(JSON.stringify({ flattened, general }));
