/** The page's element with this id (the ids are in index.html). */
export const element = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** A new element with its text and attributes. */
export function make<K extends keyof HTMLElementTagNameMap>(tag: K, text = '', attributes: Readonly<Record<string, string>> = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}
