// "/account/NAME" (an account, or a profile fingerprint): every version in log order, each proven in the log.
import { h, link, mark, outcome, settle, time } from './dom';
import { proveItem } from './inclusion';
import { transact, type ItemsResponse } from './portal';
import { describeKind, identifierOf, readPersonalProfile, type LogRecord, type ProfileVersion } from './records';
import { VerificationError, type PortalTrust } from './trust';

// Versions per page: an account updated every day for years has thousands, and each is a whole signed profile.
const PAGE = 20;

interface Version {
  index: number;
  record: LogRecord | undefined;
  profile: ProfileVersion | undefined;
  check: HTMLElement;
}

/** Renders every version of what `query` names, newest first, each with its own verification mark. */
export async function renderLookup(main: HTMLElement, trust: PortalTrust, query: string): Promise<void> {
  const byAccount = query.includes('@');
  const asked = byAccount ? { Account: query.toLowerCase() } : { Identifier: query.toUpperCase() };
  const checkpointMark = h('span', { id: 'response-checkpoint' }, mark('checking'));
  const list = h('ol', { id: 'versions', reversed: '' });
  const more = h('button', { id: 'older', type: 'button', hidden: '' }, 'Older versions');
  main.append(h('h1', {}, query), h('p', {}, 'Checkpoint of these proofs: ', checkpointMark), list, more);
  const versions: Version[] = [];

  const load = async (pageKey?: string) => {
    const page = await transact<ItemsResponse>('Get', { ...asked, Multiple: true, Full: true, SearchConstraints: { MaxEntries: PAGE, ...(pageKey ? { PageKey: pageKey } : {}) } });
    const proving = trust.verify(page.CheckpointValue).then(async (checkpoint) => {
      await trust.checkConsistency(checkpoint);
      return checkpoint;
    });
    void settle(checkpointMark.firstElementChild as HTMLElement, async () => `size ${(await proving).size}, consistent with the first this browser saw`);
    const added = await Promise.all((page.DataItems ?? []).map(async (item) => {
      const version: Version = { index: item.LogIndex ?? -1, record: undefined, profile: undefined, check: mark('checking') };
      version.check = await outcome(async () => {
        const record = await proveItem(item, await proving);
        if (byAccount ? record.account !== query.toLowerCase() || record.kind !== 'AccountProfile' : identifierOf(record) !== query.toUpperCase())
          throw new VerificationError(`The portal proved entry ${version.index}, which is not ${query}'s.`);
        version.record = record;
        if (record.kind === 'AccountProfile') version.profile = readPersonalProfile(record.entry.Profile as Record<string, unknown>);
        return `entry ${version.index} is in the log of size ${(await proving).size}`;
      });
      return version;
    }));
    versions.push(...added);
    list.replaceChildren(...versions.map((v, i) => renderVersion(v, versions[i + 1])));
    more.hidden = !page.PageKey;
    more.onclick = page.PageKey ? () => void load(page.PageKey).catch(show) : null;
  };
  const show = (e: unknown) => main.append(h('p', { class: 'error', id: 'lookup-error' }, (e as Error).message));
  await load().catch(show);
}

// One version; `older` is the version before it, to tell which devices came and went.
function renderVersion(version: Version, older: Version | undefined): HTMLElement {
  const { record, profile } = version;
  const item = h('li', { class: 'version', 'data-index': String(version.index) },
    h('div', { class: 'version-head' }, 'Log index ', link(`/entry/${version.index}`, version.index), record ? ` · ${time(record.published)}` : '', ' ', version.check));
  if (!record) return item;
  if (!profile) {
    item.append(h('p', {}, describeKind(record.kind), ' of ', record.account));
    return item;
  }
  const before = new Set(older?.profile?.devices.map((d) => d.id) ?? []);
  const now = new Set(profile.devices.map((d) => d.id));
  const removed = older?.profile?.devices.filter((d) => !now.has(d.id)) ?? [];
  item.append(
    h('p', {}, 'Signed by online key ', h('code', { 'data-field': 'signer' }, profile.signer), ` · updated ${time(profile.updated)}`),
    h('h3', {}, 'Devices'),
    h('ul', { class: 'devices' },
      ...profile.devices.map((d) => h('li', { 'data-device': d.id, class: older && !before.has(d.id) ? 'added' : '' }, older && !before.has(d.id) ? '+ added: ' : '', d.description || '(no description)', ' ', h('code', {}, d.id))),
      ...removed.map((d) => h('li', { 'data-device': d.id, class: 'removed' }, '− removed: ', d.description || '(no description)', ' ', h('code', {}, d.id)))),
    h('h3', {}, 'Applications'),
    h('ul', { class: 'applications' }, ...profile.applications.map((a) => h('li', { 'data-application': a.type }, a.type, a.friendly ? ` (${a.friendly})` : '', ' ', h('code', {}, a.id)))));
  return item;
}
