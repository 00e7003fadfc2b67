// Encrypts with panva/jose for the JWE interoperability tests (tests/Mesh.Tests/Interop/JweInteropTests.cs).
// stdin:  an array of jobs {"form": "general" | "flattened" | "compact", "plaintext": b64u, "enc": string, "cty"?: string,
//         "aad"?: b64u, "recipients": [{"kid", "alg", "jwk": public JWK or {"kty":"oct","k"}, "apu"?: b64u, "apv"?: b64u}]}
// stdout: an array with, per job, the JWE: a compact string or a JSON object.
import * as jose from 'jose';
import { readFileSync } from 'node:fs';

const decode = jose.base64url.decode;

function keyManagementParameters(recipient) {
  const parameters = {};
  if (recipient.apu) parameters.apu = decode(recipient.apu);
  if (recipient.apv) parameters.apv = decode(recipient.apv);
  return parameters;
}

async function encrypt(job) {
  const plaintext = decode(job.plaintext);
  const shared = job.cty ? { enc: job.enc, cty: job.cty } : { enc: job.enc };
  if (job.form === 'general') {
    const general = new jose.GeneralEncrypt(plaintext).setProtectedHeader(shared);
    if (job.aad) general.setAdditionalAuthenticatedData(decode(job.aad));
    for (const r of job.recipients) {
      general.addRecipient(await jose.importJWK(r.jwk, r.alg))
        .setUnprotectedHeader({ alg: r.alg, kid: r.kid })
        .setKeyManagementParameters(keyManagementParameters(r));
    }
    return general.encrypt();
  }
  const [r] = job.recipients;
  const key = await jose.importJWK(r.jwk, r.alg);
  const header = { alg: r.alg, kid: r.kid, ...shared };
  if (job.form === 'compact') {
    return new jose.CompactEncrypt(plaintext).setProtectedHeader(header).setKeyManagementParameters(keyManagementParameters(r)).encrypt(key);
  }
  const flattened = new jose.FlattenedEncrypt(plaintext).setProtectedHeader(header).setKeyManagementParameters(keyManagementParameters(r));
  if (job.aad) flattened.setAdditionalAuthenticatedData(decode(job.aad));
  return flattened.encrypt(key);
}

const jobs = JSON.parse(readFileSync(0, 'utf8'));
const output = [];
for (const job of jobs) output.push(await encrypt(job));
process.stdout.write(JSON.stringify(output));
