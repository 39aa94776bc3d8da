/** A JSON object as documents hold them. */
export type Json = Record<string, unknown>;

/**
 * A copy of `root` with the value at the dotted `path` replaced by `replace(value)`, where
 * a `*` segment stands for every key of a map or every element of a list (`replace` is told
 * what each stood for, and the object holding the value). Objects on the way are copied only
 * where something changed; a path that leads nowhere leaves `root` as it is.
 */
export function mapPath(
  root: Json,
  path: string,
  replace: (value: unknown, stars: readonly string[], parent: Json) => unknown,
): Json {
  return walk(root, path.split('.'), 0, [], replace) as Json;
}

type Node = Json | unknown[];
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

function walk(
  node: Node,
  segments: readonly string[],
  index: number,
  stars: readonly string[],
  replace: (value: unknown, stars: readonly string[], parent: Json) => unknown,
): Node {
  const segment = segments[index]!;
  const last = index === segments.length - 1;
  // A list is walked only where the path says `*`: its elements (attachments) have no names.
  if (Array.isArray(node) && segment !== '*') return node;
  const names = segment === '*' ? Object.keys(node) : Object.hasOwn(node, segment) ? [segment] : [];
  let copy: Record<string, unknown> | undefined;
  for (const name of names) {
    const value = (node as Record<string, unknown>)[name];
    const found = segment === '*' ? [...stars, name] : stars;
    let next: unknown;
    if (last) next = value === undefined ? value : replace(value, found, node as Json);
    else next = isNode(value) ? walk(value, segments, index + 1, found, replace) : value;
    if (next !== value)
      (copy ??= (Array.isArray(node) ? [...node] : { ...node }) as Record<string, unknown>)[name] =
        next;
  }
  return (copy as Node | undefined) ?? node;
}
