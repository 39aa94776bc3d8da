/** DEL and the C1 controls (U+0080–U+009F): JSON.stringify leaves them raw, and terminals obey some (U+009B starts a control sequence). */
const UNESCAPED_CONTROL = /[\u007f-\u009f]/g;

/**
 * One JSON document from a result: bigints (revisions, positions) as decimal strings, Dates
 * as ISO-8601. `JSON.stringify` alone throws on a bigint; every command result has some.
 * Every control character is escaped (`\u009b`), C0 by JSON.stringify, DEL and C1 here: a
 * customer's text printed to a terminal is shown, never obeyed, and parses back the same.
 */
export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(
    value,
    (_key, member: unknown) => (typeof member === 'bigint' ? member.toString() : member),
    indent,
  ).replace(UNESCAPED_CONTROL, (control) => `\\u00${control.charCodeAt(0).toString(16)}`);
}
