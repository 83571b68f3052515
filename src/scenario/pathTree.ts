/**
 * Values attached to field paths (`['sectors', 'cars', 'market']`), found again by the longest
 * prefix of a path that holds one. Each operation walks the path once, so recording every
 * field of a large scenario, or locating every issue among many overrides, stays linear in the
 * number of fields rather than growing with its square.
 */
export interface PathTree<T> {
  /** Attaches `value` at `path`; with `replaceBelow`, forgets what longer paths under it held. */
  set(path: readonly (string | number)[], value: T, replaceBelow: boolean): void;
  /** Whether exactly `path` holds a value. */
  has(path: readonly (string | number)[]): boolean;
  /** The value of the longest prefix of `path` (`path` itself included) that holds one. */
  nearest(path: readonly (string | number)[]): T | undefined;
}

interface Node<T> {
  value?: T;
  readonly children: Map<string, Node<T>>;
}

export function createPathTree<T>(): PathTree<T> {
  const root: Node<T> = { children: new Map() };
  const find = (path: readonly (string | number)[]): Node<T> | undefined => {
    let node: Node<T> | undefined = root;
    for (const part of path) {
      node = node.children.get(String(part));
      if (node === undefined) return undefined;
    }
    return node;
  };
  return {
    set(path, value, replaceBelow) {
      let node = root;
      for (const part of path) {
        const key = String(part);
        let child = node.children.get(key);
        if (child === undefined) {
          child = { children: new Map() };
          node.children.set(key, child);
        }
        node = child;
      }
      node.value = value;
      if (replaceBelow) node.children.clear();
    },
    has: (path) => find(path)?.value !== undefined,
    nearest(path) {
      let node: Node<T> | undefined = root;
      let found = root.value;
      for (const part of path) {
        node = node.children.get(String(part));
        if (node === undefined) break;
        if (node.value !== undefined) found = node.value;
      }
      return found;
    },
  };
}
