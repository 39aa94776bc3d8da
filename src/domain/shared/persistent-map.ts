/**
 * An immutable map from strings: `setIn` and `removeIn` return a new map that shares all
 * but one path of the old one (a hash array mapped trie, 32 ways a level), so folding the
 * n-th entry into a stream's state costs log₃₂ n, not a copy of n entries. Plain objects
 * and arrays all the way down, and the same entries always make the same shape (colliding
 * keys kept in key order), so two states folded from the same events compare equal and
 * print as JSON.
 */
export type PersistentMap<V> = Branch<V>;

export const emptyMap = <V>(): PersistentMap<V> => ({ bitmap: 0, children: [] });

interface Leaf<V> {
  readonly key: string;
  readonly value: V;
}
/** Keys whose whole hashes are equal, in key order. */
interface Collision<V> {
  readonly hash: number;
  readonly leaves: ReadonlyArray<Leaf<V>>;
}
interface Branch<V> {
  readonly bitmap: number;
  readonly children: ReadonlyArray<Child<V>>;
}
type Child<V> = Leaf<V> | Collision<V> | Branch<V>;

const BITS = 5;
const MASK = (1 << BITS) - 1;
const MAX_SHIFT = 30;

/** FNV-1a over the UTF-16 code units: fast, and spread enough for ids. */
export function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function bitCount(n: number): number {
  n -= (n >>> 1) & 0x55555555;
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (Math.imul((n + (n >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 63;
}

const isLeaf = <V>(child: Child<V>): child is Leaf<V> => 'key' in child;
const isCollision = <V>(child: Child<V>): child is Collision<V> => 'leaves' in child;

/** The value under `key`, or undefined. */
export function getIn<V>(map: PersistentMap<V>, key: string): V | undefined {
  const hash = hashOf(key);
  let node: Child<V> | undefined = map;
  for (let shift = 0; node; shift += BITS) {
    if (isLeaf(node)) return node.key === key ? node.value : undefined;
    if (isCollision(node)) return node.leaves.find((leaf) => leaf.key === key)?.value;
    const bit = 1 << ((hash >>> shift) & MASK);
    if ((node.bitmap & bit) === 0) return undefined;
    node = node.children[bitCount(node.bitmap & (bit - 1))];
  }
  return undefined;
}

/** The map with `key` set to `value`; the map given is unchanged. */
export function setIn<V>(map: PersistentMap<V>, key: string, value: V): PersistentMap<V> {
  return setInBranch(map, { key, value }, hashOf(key), 0);
}

function setInBranch<V>(branch: Branch<V>, leaf: Leaf<V>, hash: number, shift: number): Branch<V> {
  const bit = 1 << ((hash >>> shift) & MASK);
  const at = bitCount(branch.bitmap & (bit - 1));
  const children = branch.children.slice();
  if ((branch.bitmap & bit) === 0) {
    children.splice(at, 0, leaf);
    return { bitmap: branch.bitmap | bit, children };
  }
  children[at] = setInChild(children[at]!, leaf, hash, shift + BITS);
  return { bitmap: branch.bitmap, children };
}

function setInChild<V>(child: Child<V>, leaf: Leaf<V>, hash: number, shift: number): Child<V> {
  if (!isLeaf(child) && !isCollision(child)) return setInBranch(child, leaf, hash, shift);
  if (isLeaf(child) && child.key === leaf.key) return leaf;
  const otherHash = isLeaf(child) ? hashOf(child.key) : child.hash;
  if (otherHash === hash) {
    const leaves = isLeaf(child) ? [child] : child.leaves;
    const kept = leaves.filter((other) => other.key !== leaf.key);
    return { hash, leaves: [...kept, leaf].sort((a, b) => (a.key < b.key ? -1 : 1)) };
  }
  if (shift > MAX_SHIFT) throw new Error('persistent map: distinct hashes share every level');
  // Two hashes met in one slot: a branch under it tells them apart at the next level.
  const split: Branch<V> = {
    bitmap: 1 << ((otherHash >>> shift) & MASK),
    children: [child],
  };
  return setInBranch(split, leaf, hash, shift);
}

/** The map without `key` (the very map given when `key` is not in it); the map given is unchanged. */
export function removeIn<V>(map: PersistentMap<V>, key: string): PersistentMap<V> {
  return removeFromBranch(map, key, hashOf(key), 0);
}

function removeFromBranch<V>(
  branch: Branch<V>,
  key: string,
  hash: number,
  shift: number,
): Branch<V> {
  const bit = 1 << ((hash >>> shift) & MASK);
  if ((branch.bitmap & bit) === 0) return branch;
  const at = bitCount(branch.bitmap & (bit - 1));
  const child = branch.children[at]!;
  const kept = removeFromChild(child, key, hash, shift + BITS);
  if (kept === child) return branch;
  const children = branch.children.slice();
  if (kept !== undefined) {
    children[at] = kept;
    return { bitmap: branch.bitmap, children };
  }
  children.splice(at, 1);
  return { bitmap: branch.bitmap & ~bit, children };
}

function removeFromChild<V>(
  child: Child<V>,
  key: string,
  hash: number,
  shift: number,
): Child<V> | undefined {
  if (isLeaf(child)) return child.key === key ? undefined : child;
  if (isCollision(child)) {
    const leaves = child.leaves.filter((leaf) => leaf.key !== key);
    if (leaves.length === child.leaves.length) return child;
    return leaves.length === 1 ? leaves[0] : { hash: child.hash, leaves };
  }
  const branch = removeFromBranch(child, key, hash, shift);
  if (branch === child) return child;
  // Left with one leaf or collision, the branch tells no two hashes apart: that child takes
  // its place, the shape setting the remaining keys alone would have made.
  const only = branch.children.length === 1 ? branch.children[0]! : undefined;
  return only && (isLeaf(only) || isCollision(only)) ? only : branch;
}

/** Every entry, in no meaningful order (by hash): sort them where an order is shown. */
export function* entriesIn<V>(map: PersistentMap<V>): Generator<[string, V]> {
  const pending: Array<Child<V>> = [map];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (isLeaf(node)) yield [node.key, node.value];
    else if (isCollision(node)) for (const leaf of node.leaves) yield [leaf.key, leaf.value];
    else pending.push(...node.children);
  }
}
