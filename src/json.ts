/**
 * One JSON document from a result: bigints (revisions, positions) as decimal strings, Dates
 * as ISO-8601. `JSON.stringify` alone throws on a bigint; every command result has some.
 */
export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(
    value,
    (_key, member: unknown) => (typeof member === 'bigint' ? member.toString() : member),
    indent,
  );
}
