export type Child = Node | string | number | null | undefined | false | Child[];
type Attr = string | number | boolean | null | undefined | ((event: Event) => void);

/** Creates an element; text children become text nodes (never HTML), so API values cannot inject markup. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, Attr> | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (typeof value === "function") element.addEventListener(name.replace(/^on/, ""), value);
    else if (value === true) element.setAttribute(name, "");
    else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else if (child !== null && child !== undefined && child !== false) parent.appendChild(document.createTextNode(String(child)));
  }
}

export function mount(target: HTMLElement, ...children: Child[]): void {
  target.replaceChildren();
  append(target, children);
}

export function formatMoney(money: { amount: number; currency: string } | null | undefined): string {
  if (!money) return "—";
  return new Intl.NumberFormat("en", { style: "currency", currency: money.currency }).format(money.amount / 100);
}

export function formatTime(iso: string | null | undefined): string {
  return iso ? iso.replace("T", " ").slice(0, 16) + " UTC" : "—";
}

export function label(value: string | null | undefined): string {
  return value ? value.replace(/_/g, " ").toLowerCase() : "—";
}
