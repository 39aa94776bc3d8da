/**
 * An upper bound of `JSON.stringify(value).length`, from one walk that builds no text: a
 * command far below the size limit is let through without being serialised just to be
 * measured. Undefined when only serialising can tell (a BigInt, a toJSON of its own, a
 * boxed primitive, nesting deep enough to be a cycle): the caller serialises then.
 */
export function jsonLengthBound(value: unknown): number | undefined {
  try {
    return bound(value, 0);
  } catch {
    return undefined; // a getter that throws: serialising reports it
  }
}

/** Deeper than this is taken for a cycle, left to serialising. */
const MAX_DEPTH = 64;

/** Each UTF-16 unit writes at most 6 characters (\uXXXX); a Date its ISO text, at most 27 and quotes. */
function bound(value: unknown, depth: number): number | undefined {
  switch (typeof value) {
    case 'string':
      return value.length * 6 + 2;
    case 'number':
      return 24;
    case 'boolean':
      return 5;
    case 'undefined':
    case 'function':
    case 'symbol':
      return 4; // left out, or null in an array
    case 'object': {
      if (value === null) return 4;
      if (value instanceof Date) return 29;
      if (depth >= MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function')
        return undefined;
      if (value instanceof Number || value instanceof String || value instanceof Boolean)
        return undefined;
      let total = 2;
      if (Array.isArray(value)) {
        for (const element of value) {
          const size = bound(element, depth + 1);
          if (size === undefined) return undefined;
          total += size + 1;
        }
        return total;
      }
      for (const key of Object.keys(value)) {
        const size = bound((value as Record<string, unknown>)[key], depth + 1);
        if (size === undefined) return undefined;
        total += key.length * 6 + 3 + size + 1;
      }
      return total;
    }
    default:
      return undefined; // a BigInt: serialising refuses it
  }
}
