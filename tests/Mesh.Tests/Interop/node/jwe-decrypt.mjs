// Decrypts with panva/jose for the JWE interoperability tests (tests/Mesh.Tests/Interop/JweInteropTests.cs).
// stdin:  an array of jobs {"jwe": compact string or general/flattened JSON object, "keys": [{"kid", "alg", "jwk": private JWK}]}
// stdout: an array with, per job, an array with, per key, {"kid", "plaintext": b64u, "protectedHeader", "aad"?: b64u}
//         or {"kid", "error": string}.
import * as jose from 'jose';
import { readFileSync } from 'node:fs';

async function decrypt(jwe, key) {
  if (typeof jwe === 'string') return jose.compactDecrypt(jwe, key);
  return jwe.recipients ? jose.generalDecrypt(jwe, key) : jose.flattenedDecrypt(jwe, key);
}

const jobs = JSON.parse(readFileSync(0, 'utf8'));
const output = [];
for (const job of jobs) {
  const results = [];
  for (const k of job.keys) {
    try {
      const result = await decrypt(job.jwe, await jose.importJWK(k.jwk, k.alg));
      results.push({
        kid: k.kid,
        plaintext: jose.base64url.encode(result.plaintext),
        protectedHeader: result.protectedHeader,
        ...(result.additionalAuthenticatedData ? { aad: jose.base64url.encode(result.additionalAuthenticatedData) } : {}),
      });
    } catch (e) {
      results.push({ kid: k.kid, error: `${e.code ?? e.name}: ${e.message}` });
    }
  }
  output.push(results);
}
process.stdout.write(JSON.stringify(output));
