// The portal's web application: routes, the lookup box, and the one PortalTrust of this page.
import './style.css';
import { h } from './dom';
import { renderDevice } from './device-page';
import { renderEntry } from './entry';
import { renderHome } from './home';
import { renderLookup } from './lookup';
import { PortalTrust } from './trust';

const main = document.getElementById('main')!;
let trust: Promise<PortalTrust> | undefined;
let stop: (() => void) | undefined;

async function route(): Promise<void> {
  stop?.();
  stop = undefined;
  main.replaceChildren();
  const path = decodeURIComponent(location.pathname);
  try {
    trust ??= PortalTrust.open();
    const portal = await trust;
    document.getElementById('portal-name')!.textContent = portal.portal;
    const entry = /^\/entry\/(\d{1,15})$/.exec(path);
    const account = /^\/account\/(.+)$/.exec(path);
    if (path === '/') stop = renderHome(main, portal);
    else if (path === '/device') stop = renderDevice(main, portal);
    else if (entry) await renderEntry(main, portal, Number(entry[1]));
    else if (account) await renderLookup(main, portal, account[1]!.trim());
    else main.append(h('h1', {}, 'Not here'), h('p', {}, `Nothing is at ${path}.`));
  } catch (e) {
    trust = undefined;
    main.append(h('p', { class: 'error', id: 'page-error' }, (e as Error).message));
  }
}

function navigate(path: string): void {
  history.pushState(null, '', path);
  void route();
}

document.addEventListener('click', (event) => {
  const anchor = (event.target as Element).closest('a[data-route]');
  if (!anchor || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(anchor.getAttribute('href')!);
});
window.addEventListener('popstate', () => void route());
document.getElementById('lookup')!.addEventListener('submit', (event) => {
  event.preventDefault();
  const query = (document.getElementById('lookup-query') as HTMLInputElement).value.trim();
  if (query) navigate(`/account/${encodeURIComponent(query)}`);
});
void route();
