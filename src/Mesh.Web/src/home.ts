// "/": the portal at a glance, its latest checkpoint verified and proven consistent with the first this browser
// saw, and the last entries of the log as they arrive.
import { fromBase64Url, toHex } from './bytes';
import { h, link, mark, settle, shortHex, time } from './dom';
import { transact, type ItemsResponse, type StatusResponse } from './portal';
import { describeKind, readLogRecord } from './records';
import type { PortalTrust } from './trust';

const LATEST = 15;
const POLL_MS = 2000;

/** Renders the page into `main`; answers a function that stops its polling. */
export function renderHome(main: HTMLElement, trust: PortalTrust): () => void {
  const summary = h('section', { class: 'card', id: 'summary' }, h('p', {}, 'Reading the portal…'));
  const latest = h('section', { class: 'card', id: 'latest' });
  main.append(h('h1', {}, trust.portal), summary, latest);
  let shown = '';
  let stopped = false;
  const refresh = async () => {
    const status = await transact<StatusResponse>('Status', {});
    const key = `${status.LogSize}/${status.CheckpointValue}`;
    if (stopped || key === shown) return;
    shown = key;
    showSummary(summary, trust, status);
    await showLatest(latest, status.LogSize ?? 0);
  };
  const failed = (e: unknown) => summary.replaceChildren(h('p', { class: 'error' }, (e as Error).message));
  refresh().catch(failed);
  const timer = setInterval(() => refresh().catch(failed), POLL_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

function showSummary(summary: HTMLElement, trust: PortalTrust, status: StatusResponse) {
  const signature = mark('checking');
  const consistency = mark('checking');
  const size = h('dd', { 'data-field': 'checkpoint-size' }, '…');
  const root = h('dd', { 'data-field': 'root', class: 'hash' }, '…');
  const made = h('dd', { 'data-field': 'checkpoint-time' }, '…');
  const first = h('dd', { 'data-field': 'first-seen' }, '…');
  summary.replaceChildren(
    h('dl', {},
      h('dt', {}, 'Entries'), h('dd', { 'data-field': 'log-size' }, status.LogSize ?? 0),
      h('dt', {}, 'Accounts'), h('dd', { 'data-field': 'account-count' }, status.AccountCount ?? '?'),
      h('dt', {}, 'Last write'), h('dd', {}, status.LastWriteTime ? time(status.LastWriteTime) : 'none yet'),
      h('dt', {}, 'Latest checkpoint'), size,
      h('dt', {}, 'Root hash'), root,
      h('dt', {}, 'Made'), made,
      h('dt', {}, 'Signed by'), h('dd', {}, h('code', { 'data-field': 'signer' }, trust.keyUdf), ' ', h('span', { id: 'checkpoint-signature' }, signature)),
      h('dt', {}, 'Same history as first seen'), h('dd', { id: 'consistency' }, consistency),
      h('dt', {}, 'First seen by this browser'), first));
  const verifying = trust.verify(status.CheckpointValue);
  void settle(signature, async () => {
    const checkpoint = await verifying;
    size.textContent = String(checkpoint.size);
    root.textContent = toHex(checkpoint.root);
    made.textContent = time(checkpoint.time);
    return 'the signature verifies with the pinned checkpoint key';
  });
  void settle(consistency, async () => {
    const checkpoint = await verifying;
    const seen = await trust.checkConsistency(checkpoint);
    first.textContent = `size ${seen.size}, root ${shortHex(toHex(seen.root))}, made ${time(seen.time)}`;
    return seen.size === checkpoint.size ? 'this is the first checkpoint this browser saw' : `consistent with size ${seen.size}`;
  });
}

async function showLatest(latest: HTMLElement, size: number) {
  const from = Math.max(0, size - LATEST);
  const rows: HTMLElement[] = [];
  if (size > 0) {
    const page = await transact<ItemsResponse>('Transfer', { SearchConstraints: { PageKey: String(from), MaxEntries: LATEST, MaxBytes: 256 * 1024 } });
    for (const item of page.DataItems ?? []) {
      const index = item.LogIndex ?? -1;
      try {
        const record = readLogRecord(fromBase64Url(item.LogEntry ?? ''));
        rows.push(h('tr', { 'data-index': String(index) },
          h('td', {}, link(`/entry/${index}`, index)),
          h('td', {}, time(record.published)),
          h('td', {}, record.account ? link(`/account/${encodeURIComponent(record.account)}`, record.account) : ''),
          h('td', {}, describeKind(record.kind))));
      } catch (e) {
        rows.push(h('tr', { 'data-index': String(index) }, h('td', {}, index), h('td', { colspan: '3', class: 'error' }, `unreadable: ${(e as Error).message}`)));
      }
    }
  }
  rows.reverse();
  latest.replaceChildren(
    h('h2', {}, 'Latest entries'),
    rows.length === 0 ? h('p', {}, 'The log is empty.') : h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Index'), h('th', {}, 'Published'), h('th', {}, 'Account'), h('th', {}, 'Entry'))), h('tbody', {}, ...rows)));
}
