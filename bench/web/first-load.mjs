// Times the explorer's pages in Debian's Chromium from a cold browser context (no cache, no storage), as a first
// visitor meets them: from the start of navigation until every mark on the page is settled.
//   node bench/web/first-load.mjs URL [RUNS]
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../tests/Mesh.Testing/browser/', import.meta.url));
const { chromium } = require('playwright-core');
const [url, runs = '10'] = process.argv.slice(2);
const args = ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const browser = await chromium.launch({ executablePath: process.env.MESH_CHROMIUM ?? '/usr/lib/chromium/chromium', headless: true, args });
const settled = () => !document.querySelector('[data-check=checking]');

async function time(path, ready) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(new URL(path, url).href);
  await page.waitForFunction(ready, undefined, { timeout: 30000, polling: 10 }).catch(() => undefined);
  await page.waitForFunction(settled, undefined, { timeout: 30000, polling: 10 });
  const ms = performance.now() - started;
  const failed = await page.locator('[data-check=failed]').count();
  const bytes = await page.evaluate(() => performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation')).reduce((n, e) => n + e.transferSize, 0));
  const account = await page.locator('#latest a[href^="/account/"]').first().getAttribute('href').catch(() => null);
  await context.close();
  if (failed) throw new Error(`${path}: ${failed} check(s) failed`);
  return { ms, bytes, account };
}

function summary(label, results) {
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)];
  console.log(`| ${label} | ${ms.length} | ${median.toFixed(0)} | ${ms[ms.length - 1].toFixed(0)} | ${(results[0].bytes / 1024).toFixed(1)} |`);
}

// The CSP forbids eval in the page, so readiness is checked by functions, not strings.
const home = [];
for (let i = 0; i < Number(runs); i++) home.push(await time('/', () => document.querySelector('#latest table') && document.querySelector('#consistency [data-check=verified]')));
const account = home[0].account;
const lookups = [];
for (let i = 0; i < Number(runs); i++) lookups.push(await time(account, () => document.querySelector('.version')));
console.log('| page | cold loads | median ms | max ms | transferred KB |');
console.log('|---|---:|---:|---:|---:|');
summary('/ (checkpoint, consistency, last 15 entries)', home);
summary(`${decodeURIComponent(account)} (every version proven)`, lookups);
await browser.close();
