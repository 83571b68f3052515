import { describe, expect, it } from 'vitest';
import { createPathTree } from '../../src/scenario/pathTree.js';

describe('createPathTree', () => {
  it('finds the value of the longest prefix that holds one', () => {
    const tree = createPathTree<string>();
    tree.set(['sectors'], 'base', false);
    tree.set(['sectors', 'cars', 'market'], 'child', false);
    expect(tree.nearest(['sectors', 'cars', 'market', 'value'])).toBe('child');
    expect(tree.nearest(['sectors', 'cars', 'label'])).toBe('base');
    expect(tree.nearest(['oil'])).toBeUndefined();
    expect(tree.has(['sectors', 'cars'])).toBe(false);
    expect(tree.has(['sectors', 'cars', 'market'])).toBe(true);
  });

  it('forgets the values below a path set with replaceBelow, and reads numbers and strings alike', () => {
    const tree = createPathTree<number>();
    tree.set(['targets', 0, 'id'], 1, false);
    tree.set(['targets'], 2, true);
    expect(tree.nearest(['targets', '0', 'id'])).toBe(2);
    expect(tree.has(['targets', 0, 'id'])).toBe(false);
  });
});
