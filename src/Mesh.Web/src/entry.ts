// "/entry/N": one log entry, its exact tagged JSON pretty-printed and copyable, proven in the log when Get can find it.
import { equal, fromBase64Url, fromUtf8 } from './bytes';
import { h, link, mark, settle, time } from './dom';
import { proveItem } from './inclusion';
import { transact, type ItemsResponse } from './portal';
import { describeKind, identifierOf, readLogRecord } from './records';
import { VerificationError, type PortalTrust } from './trust';

const MAX_PAGES = 20;

export async function renderEntry(main: HTMLElement, trust: PortalTrust, index: number): Promise<void> {
  const page = await transact<ItemsResponse>('Transfer', { SearchConstraints: { PageKey: String(index), MaxEntries: 1 } });
  const item = page.DataItems?.[0];
  if (!item || item.LogIndex !== index || !item.LogEntry) {
    main.append(h('h1', {}, `Entry ${index}`), h('p', { class: 'error' }, `The log has no entry ${index}.`));
    return;
  }
  const leaf = fromBase64Url(item.LogEntry);
  const record = readLogRecord(leaf);
  const pretty = JSON.stringify(JSON.parse(fromUtf8(leaf)), null, 2);
  const copy = h('button', { type: 'button', id: 'copy' }, 'Copy');
  copy.onclick = () => void navigator.clipboard.writeText(pretty).then(() => (copy.textContent = 'Copied'));
  const check = mark('checking');
  const id = identifierOf(record);
  main.append(
    h('h1', {}, `Entry ${index}`),
    h('dl', {},
      h('dt', {}, 'Published'), h('dd', {}, time(record.published)),
      h('dt', {}, 'Account'), h('dd', {}, record.account ? link(`/account/${encodeURIComponent(record.account)}`, record.account) : ''),
      h('dt', {}, 'Entry'), h('dd', {}, describeKind(record.kind), id ? ' ' : '', id ? h('code', {}, id) : ''),
      h('dt', {}, 'In the log'), h('dd', { id: 'inclusion' }, check)),
    h('div', { class: 'raw-head' }, h('h2', {}, 'The log leaf, as signed into the tree'), copy),
    h('pre', { id: 'raw' }, pretty));
  void settle(check, async () => {
    if (!id) throw new VerificationError(`Get does not find a ${describeKind(record.kind)}, so the portal gives no proof of it.`);
    // Get with Full proves each version of the identifier; find this one among them.
    let pageKey: string | undefined;
    for (let n = 0; n < MAX_PAGES; n++) {
      const versions = await transact<ItemsResponse>('Get', { Identifier: id, Multiple: true, Full: true, ...(pageKey ? { SearchConstraints: { PageKey: pageKey } } : {}) });
      const found = versions.DataItems?.find((v) => v.LogIndex === index);
      if (found) {
        const checkpoint = await trust.verify(versions.CheckpointValue);
        await trust.checkConsistency(checkpoint);
        await proveItem(found, checkpoint);
        if (!equal(fromBase64Url(found.LogEntry ?? ''), leaf)) throw new VerificationError('The proven leaf differs from the one Transfer gave.');
        return `in the log of size ${checkpoint.size}`;
      }
      if (!versions.PageKey) break;
      pageKey = versions.PageKey;
    }
    throw new VerificationError(`Get of ${id} does not list entry ${index}.`);
  });
}
