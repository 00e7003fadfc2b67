// A few DOM helpers. Everything the portal serves is shown with text nodes and attributes only: no markup is
// ever parsed from it (the CSP also demands Trusted Types, so an innerHTML slip would fail loudly).

type Child = Node | string | number | null | undefined | false;

/** Makes an element with attributes and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(typeof child === 'number' ? String(child) : child);
  return element;
}

/** A link within the application (the router intercepts it). */
export function link(path: string, ...children: Child[]): HTMLAnchorElement {
  return h('a', { href: path, 'data-route': '' }, ...children);
}

/** A visible verification mark: data-check is "verified", "failed" or "checking", for people and for tests. */
export function mark(state: 'verified' | 'failed' | 'checking', detail = ''): HTMLSpanElement {
  const label = state === 'verified' ? '✔ verified' : state === 'failed' ? '✘ failed' : '… checking';
  return h('span', { class: `check ${state}`, 'data-check': state, title: detail }, label, detail && state === 'failed' ? `: ${detail}` : '');
}

/** The mark of a check once it completes: verified with its detail, or failed with the reason. */
export async function outcome(check: () => Promise<string | undefined>): Promise<HTMLSpanElement> {
  try {
    return mark('verified', (await check()) ?? '');
  } catch (e) {
    return mark('failed', (e as Error).message);
  }
}

/** Replaces a mark already shown once its check completes. */
export async function settle(placeholder: HTMLElement, check: () => Promise<string | undefined>): Promise<void> {
  placeholder.replaceWith(await outcome(check));
}

export function time(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function shortHex(hex: string): string {
  return hex.length > 16 ? `${hex.slice(0, 16)}…` : hex;
}
