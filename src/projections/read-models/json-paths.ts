/** A JSON object as documents hold them. */
export type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A copy of `root` with the value at the dotted `path` replaced by `replace(value)`, where
 * a `*` segment stands for every key of a map (`replace` is told what each stood for, and
 * the object holding the value). Objects on the way are copied only where something changed;
 * a path that leads nowhere leaves `root` as it is.
 */
export function mapPath(
  root: Json,
  path: string,
  replace: (value: unknown, stars: readonly string[], parent: Json) => unknown,
): Json {
  return walk(root, path.split('.'), 0, [], replace);
}

function walk(
  node: Json,
  segments: readonly string[],
  index: number,
  stars: readonly string[],
  replace: (value: unknown, stars: readonly string[], parent: Json) => unknown,
): Json {
  const segment = segments[index]!;
  const last = index === segments.length - 1;
  const names = segment === '*' ? Object.keys(node) : Object.hasOwn(node, segment) ? [segment] : [];
  let copy: Json | undefined;
  for (const name of names) {
    const value = node[name];
    const found = segment === '*' ? [...stars, name] : stars;
    let next: unknown;
    if (last) next = value === undefined ? value : replace(value, found, node);
    else next = isObject(value) ? walk(value, segments, index + 1, found, replace) : value;
    if (next !== value) (copy ??= { ...node })[name] = next;
  }
  return copy ?? node;
}
