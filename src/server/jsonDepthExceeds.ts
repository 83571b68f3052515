/**
 * Whether a parsed JSON value nests arrays and objects deeper than `maxDepth` (a bare number is
 * depth 0, `[]` depth 1). Walks with an explicit stack, so no body can overflow the call stack
 * here; checked before any recursive code (zod, the scenario merge) sees the body.
 */
export function jsonDepthExceeds(value: unknown, maxDepth: number): boolean {
  const stack: { readonly node: unknown; readonly depth: number }[] = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
  return false;
}
