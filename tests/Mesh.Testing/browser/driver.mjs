// Drives a headless Chromium for the C# web tests: one JSON command per line on stdin, one JSON answer per line on
// stdout ({"id", "ok", "value"} or {"id", "ok": false, "error"}). The tests decide and assert; this only acts and reads.
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const executablePath = process.env.MESH_CHROMIUM ?? '/usr/lib/chromium/chromium';
// Without the background-networking flags Chromium keeps reaching for Google's hosts, which this machine refuses.
const args = ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const browser = await chromium.launch({ executablePath, headless: true, args });
let context;
let page;
let problems = [];
let sent = [];
let tampering;

async function open() {
  await context?.close();
  context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  page = await context.newPage();
  problems = [];
  sent = [];
  tampering = undefined;
  profiles.length = 0;
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => sent.push(`${r.method()} ${r.url()}\n${JSON.stringify(r.headers())}\n${r.postData() ?? ''}`));
}

// Tampering, as a portal (or anything between it and the browser) could: rewrite the endpoint's JSON answers
// (an edit may change the answer in place or return another one).
const profiles = [];
const isProfileGet = (request) => (request.postData() ?? '').includes('"Account"') && (request.postData() ?? '').startsWith('{"GetRequest"');
const tamperings = {
  // Keeps every answer to a Get of an account's profile, unchanged, for a later replay.
  'record-profiles': (body, request) => {
    if (isProfileGet(request) && body.GetResponse) profiles.push(structuredClone(body));
  },
  // Answers every Get of an account's profile with the first one recorded: an older version, validly proven.
  'replay-first-profile': (body, request) => (isProfileGet(request) && body.GetResponse && profiles.length ? profiles[0] : body),
  // Flips one bit of the first hash of each inclusion proof.
  'flip-proof': (body) => {
    for (const item of body.GetResponse?.DataItems ?? []) {
      if (item.InclusionProof?.length) item.InclusionProof[0] = flip(item.InclusionProof[0]);
    }
  },
  // Flips one bit of the checkpoint's signature, wherever a checkpoint is served.
  'flip-checkpoint-signature': (body) => {
    const inner = Object.values(body)[0];
    if (inner?.CheckpointValue) {
      const [h, p, s] = inner.CheckpointValue.split('.');
      inner.CheckpointValue = `${h}.${p}.${flip(s)}`;
    }
  },
};

function flip(base64url) {
  const bytes = Buffer.from(base64url, 'base64url');
  bytes[0] ^= 1;
  return bytes.toString('base64url');
}

const commands = {
  async goto({ url }) {
    const started = Date.now();
    const response = await page.goto(url, { waitUntil: 'load' });
    return { status: response.status(), headers: await response.allHeaders(), ms: Date.now() - started };
  },
  async waitFor({ selector, text, timeout = 15000 }) {
    const locator = page.locator(selector, text === undefined ? {} : { hasText: text }).first();
    await locator.waitFor({ state: 'visible', timeout });
    return await locator.textContent();
  },
  // Polled from outside the page: waitForFunction would eval inside it, which the page's CSP rightly forbids.
  async waitUntil({ expression, timeout = 15000 }) {
    for (const end = Date.now() + timeout; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
      if (await page.evaluate(expression)) return true;
    }
    throw new Error(`still false after ${timeout} ms: ${expression}`);
  },
  // A plain GET outside the page (no rendering), for headers and status codes.
  async fetch({ url }) {
    const response = await context.request.get(url);
    return { status: response.status(), headers: response.headers(), ms: 0 };
  },
  text: async ({ selector }) => await page.locator(selector).first().textContent(),
  texts: async ({ selector }) => await page.locator(selector).allTextContents(),
  count: async ({ selector }) => await page.locator(selector).count(),
  attribute: async ({ selector, name }) => await page.locator(selector).first().getAttribute(name),
  async click({ selector }) {
    await page.locator(selector).first().click();
    return true;
  },
  async fill({ selector, value }) {
    await page.locator(selector).first().fill(value);
    return true;
  },
  evaluate: async ({ expression }) => await page.evaluate(expression),
  async screenshot({ path }) {
    await page.screenshot({ path, fullPage: true });
    return path;
  },
  // Switches the tampering of this context's requests to the endpoint (the route is installed once).
  async tamper({ mode }) {
    if (!tamperings[mode]) throw new Error(`no tampering ${mode}`);
    if (!tampering) {
      await page.route('**/.well-known/mmm/**', async (route) => {
        const response = await route.fetch();
        const body = await response.json();
        const answer = tamperings[tampering](body, route.request()) ?? body;
        await route.fulfill({ response, body: JSON.stringify(answer) });
      });
    }
    tampering = mode;
    return true;
  },
  async fresh() {
    await open();
    return true;
  },
  problems: async () => problems,
  // Every request the page made since the context opened: method, URL, headers and body.
  sent: async () => sent,
};

await open();
const out = (answer) => process.stdout.write(JSON.stringify(answer) + '\n');
out({ id: 0, ok: true, value: 'ready' });
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { id, op, ...rest } = JSON.parse(line);
  if (op === 'close') break;
  try {
    const command = commands[op];
    if (!command) throw new Error(`unknown command ${op}`);
    out({ id, ok: true, value: (await command(rest)) ?? null });
  } catch (e) {
    out({ id, ok: false, error: String(e?.message ?? e) });
  }
}
await browser.close();
