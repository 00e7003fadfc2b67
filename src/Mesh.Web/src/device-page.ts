// "/device": this browser as a device of an account. Connect (the witness code to compare), then the passwords,
// decrypted here and nowhere else: search, reveal on click, copy, add. The portal sees only ciphertext.
import { h, time } from './dom';
import { PortalError } from './portal';
import type { PortalTrust } from './trust';
import { checkConnection, startConnection } from './device/connect';
import { createDevice } from './device/keys';
import { forgetDevice, loadDevice, saveDevice, type DeviceState } from './device/state';
import { RemovedError } from './device/sync';
import { openSettings } from './device/applications';
import type { Json } from './device/jws';
import { openVault, setPassword, type Login } from './device/vault';

const POLL_MS = 2000;

/** Renders the page; answers a function that stops its polling. */
export function renderDevice(main: HTMLElement, trust: PortalTrust): () => void {
  const status = h('section', { class: 'card', id: 'device' });
  main.append(h('h1', {}, 'This browser as a device'), status);
  let timer: ReturnType<typeof setInterval> | undefined;
  const stop = () => clearInterval(timer);
  const fail = (e: unknown) => status.append(h('p', { class: 'error', id: 'device-error' }, (e as Error).message));

  const show = async () => {
    stop();
    const state = await loadDevice();
    status.replaceChildren();
    if (!state?.account) return connectForm(status, trust, show);
    if (state.removed) return removed(status, state, show);
    if (!state.pending && !state.connected) return refused(status, state, show);
    if (state.pending) {
      pending(status, state);
      let asking = false; // one ConnectStatus at a time, however slow the portal
      timer = setInterval(() => {
        if (asking) return;
        asking = true;
        checkConnection(trust, state)
          .then(async (outcome) => {
            await saveDevice(state);
            if (outcome !== 'pending') await show();
          })
          .catch((e) => { stop(); fail(e); })
          .finally(() => (asking = false));
      }, POLL_MS);
      return;
    }
    try {
      await passwords(status, trust, state, show);
    } catch (e) {
      await saveDevice(state);
      if (e instanceof RemovedError) return show();
      throw e;
    }
  };
  show().catch(fail);
  return stop;
}

function connectForm(section: HTMLElement, trust: PortalTrust, done: () => Promise<void>) {
  const account = h('input', { id: 'connect-account', placeholder: `alice@${trust.portal}`, required: '', autocomplete: 'username' });
  const description = h('input', { id: 'connect-description', value: `Browser on ${navigator.platform || 'this computer'}` });
  const pin = h('input', { id: 'connect-pin', placeholder: 'optional: from mesh device pin', autocomplete: 'off', spellcheck: 'false' });
  const form = h('form', { id: 'connect' },
    h('p', {}, 'Make keys for this browser and ask to join your account. Its private keys are made here and can never leave it.'),
    h('label', {}, 'Account (or a mesh:join link) ', account), ' ', h('label', {}, 'Description ', description), ' ', h('label', {}, 'PIN ', pin), ' ',
    h('button', { type: 'submit', id: 'connect-submit' }, 'Connect this browser'));
  form.onsubmit = (event) => {
    event.preventDefault();
    // A mesh:join?account=…&pin=… link (the QR code of mesh device pin --qr) gives both.
    const join = account.value.trim().startsWith('mesh:join?') ? new URLSearchParams(account.value.trim().slice('mesh:join?'.length)) : undefined;
    const name = (join?.get('account') ?? account.value).trim().toLowerCase();
    const code = (join?.get('pin') ?? pin.value).trim();
    form.replaceChildren(h('p', {}, 'Making keys and asking to join…'));
    (async () => {
      const state = await createDevice(description.value.trim());
      await startConnection(trust, state, name.includes('@') ? name : `${name}@${trust.portal}`, code || undefined);
      await saveDevice(state);
      await done();
    })().catch((e) => section.append(h('p', { class: 'error', id: 'device-error' }, (e as Error).message)));
  };
  section.append(form);
}

function pending(section: HTMLElement, state: DeviceState) {
  const p = state.pending!;
  section.append(h('dl', { 'data-state': 'pending', id: 'device-status' },
    h('dt', {}, 'Account'), h('dd', {}, p.account),
    h('dt', {}, 'Profile'), h('dd', {}, h('code', { id: 'device-profile' }, p.profile), ' (compare with mesh profile show on a device you have)'),
    h('dt', {}, 'This browser'), h('dd', {}, h('code', { id: 'device-id' }, state.id)),
    h('dt', {}, 'Witness code'), h('dd', {}, h('strong', { id: 'device-witness' }, p.witness))),
    h('p', {}, 'On an administering device, run mesh device pending, check that it shows this witness code, then mesh device accept ', h('code', {}, state.id), '. This page notices by itself.'));
}

function refused(section: HTMLElement, state: DeviceState, done: () => Promise<void>) {
  const again = h('button', { type: 'button', id: 'device-forget' }, 'Forget these keys and start again');
  again.onclick = () => void forgetDevice().then(done);
  section.append(h('p', { 'data-state': 'refused', id: 'device-status', class: 'error' }, `The administering device of ${state.account} refused this browser's request.`), again);
}

function removed(section: HTMLElement, state: DeviceState, done: () => Promise<void>) {
  const forget = h('button', { type: 'button', id: 'device-forget' }, 'Forget this browser\'s keys');
  forget.onclick = () => void forgetDevice().then(done);
  section.append(h('p', { 'data-state': 'removed', id: 'device-status', class: 'error' },
    `This browser has been removed from ${state.account}: it can no longer read new data or make changes. What it read before, it has seen: change those passwords.`), forget);
}

async function passwords(section: HTMLElement, trust: PortalTrust, state: DeviceState, refresh: () => Promise<void>) {
  section.append(h('p', { 'data-state': 'connected', id: 'device-status' }, `Connected to ${state.account} as `, h('code', {}, state.id), ` (${state.description}).`));
  const vault = await openVault(trust, state).catch(async (e) => {
    if (e instanceof RemovedError) throw e;
    section.append(h('p', { class: 'error', id: 'vault-error' }, (e as Error).message));
    return undefined;
  });
  if (!vault) return saveDevice(state).then(() => undefined);
  const search = h('input', { id: 'password-search', placeholder: 'Search sites and usernames', type: 'search', 'aria-label': 'Search' });
  const rows = h('tbody');
  const render = () => rows.replaceChildren(...vault.logins.filter((l) => matches(l, search.value)).map(row));
  search.oninput = render;
  render();
  section.append(h('h2', {}, 'Passwords'), search,
    h('table', { id: 'passwords' }, h('thead', {}, h('tr', {}, h('th', {}, 'Site'), h('th', {}, 'Username'), h('th', {}, 'Password'), h('th', {}, 'Changed'))), rows),
    addForm(trust, state, refresh));
  for (const { entry, content } of await openSettings(trust, state, vault.profile))
    section.append(entry.Type === 'MailProfile' ? mail(content) : network(content));
  await saveDevice(state);
}

// A secret shown only on request.
function hidden(value: string): HTMLElement {
  const secret = h('span', { class: 'password', 'data-revealed': 'false' }, '••••••••');
  const reveal = h('button', { type: 'button', class: 'reveal' }, 'Reveal');
  reveal.onclick = () => {
    const shown = secret.dataset.revealed === 'true';
    secret.textContent = shown ? '••••••••' : value;
    secret.dataset.revealed = String(!shown);
    reveal.textContent = shown ? 'Reveal' : 'Hide';
  };
  return h('span', {}, secret, ' ', reveal);
}

function mail(content: Json): HTMLElement {
  const servers = (list: unknown) => ((list as Json[] | undefined) ?? []).map((c) => `${String(c.ServiceName ?? '')}${c.Port ? `:${String(c.Port)}` : ''}`).join(', ');
  return h('section', { class: 'mail', 'data-address': String(content.EmailAddress ?? '') },
    h('h2', {}, 'Mail: ', String(content.EmailAddress ?? '')),
    h('dl', {},
      h('dt', {}, 'Display name'), h('dd', {}, String(content.DisplayName ?? '')),
      h('dt', {}, 'Incoming'), h('dd', { 'data-field': 'inbound' }, servers(content.Inbound)),
      h('dt', {}, 'Outgoing'), h('dd', { 'data-field': 'outbound' }, servers(content.Outbound)),
      h('dt', {}, 'Keys'), h('dd', {}, `${((content.PrivateKeys as unknown[] | undefined) ?? []).length} S/MIME key(s)`, content.OpenPGPSecretKey ? ', an OpenPGP key' : '', ' (kept for mail clients: mesh mail export)')));
}

function network(content: Json): HTMLElement {
  const wifi = (content.WiFi as Json[] | undefined) ?? [];
  return h('section', { class: 'network' },
    h('h2', {}, 'Network settings'),
    h('ul', { id: 'wifi' }, ...wifi.map((w) => h('li', { 'data-ssid': String(w.SSID ?? '') },
      `Wi-Fi ${String(w.SSID ?? '')} (${String(w.Security ?? '')}${w.Hidden ? ', hidden' : ''}) `, w.Passphrase ? hidden(String(w.Passphrase)) : ''))),
    h('p', {}, `${((content.Sites as unknown[] | undefined) ?? []).length} site pattern(s) with DNS and trust settings.`));
}

function matches(login: Login, query: string): boolean {
  const q = query.trim().toLowerCase();
  return !q || [...(login.Sites ?? []), login.Username ?? ''].some((s) => s.toLowerCase().includes(q));
}

function row(login: Login): HTMLElement {
  const change = h('button', { type: 'button', class: 'edit' }, 'Change');
  change.onclick = () => {
    (document.getElementById('add-site') as HTMLInputElement).value = login.Sites?.[0] ?? '';
    (document.getElementById('add-username') as HTMLInputElement).value = login.Username ?? '';
    const password = document.getElementById('add-password') as HTMLInputElement;
    password.value = '';
    password.focus();
  };
  const copy = (what: string, value: string) => {
    const button = h('button', { type: 'button', class: `copy-${what}` }, `Copy ${what}`);
    button.onclick = () => void navigator.clipboard.writeText(value).then(() => (button.textContent = 'Copied'));
    return button;
  };
  const site = (login.Sites ?? []).join(', ');
  return h('tr', { 'data-site': site, 'data-username': login.Username ?? '' },
    h('td', {}, site), h('td', {}, login.Username ?? '', ' ', copy('username', login.Username ?? '')),
    h('td', {}, hidden(login.Password ?? ''), ' ', copy('password', login.Password ?? '')),
    h('td', {}, login.Modified ? time(login.Modified) : '', ' ', change));
}

function addForm(trust: PortalTrust, state: DeviceState, refresh: () => Promise<void>): HTMLElement {
  const site = h('input', { id: 'add-site', placeholder: 'www.example.com', required: '', 'aria-label': 'Site' });
  const username = h('input', { id: 'add-username', placeholder: 'username', required: '', autocomplete: 'off', 'aria-label': 'Username' });
  const password = h('input', { id: 'add-password', type: 'password', placeholder: 'password', required: '', autocomplete: 'new-password', 'aria-label': 'Password' });
  const message = h('span', { id: 'add-result' });
  const form = h('form', { id: 'add' }, h('h2', {}, 'Add or change a password'), site, ' ', username, ' ', password, ' ', h('button', { type: 'submit', id: 'add-submit' }, 'Save'), ' ', message);
  form.onsubmit = (event) => {
    event.preventDefault();
    message.textContent = 'Encrypting and publishing…';
    setPassword(trust, state, site.value, username.value, password.value)
      .then(() => saveDevice(state))
      .then(refresh)
      .catch((e) => (message.textContent = e instanceof PortalError ? `The portal refused: ${e.message}` : (e as Error).message));
  };
  return form;
}
