import type { Document, DocumentCodec } from './types.js';

/**
 * Keeps Dates as Dates through JSON: a Date is written as {"$date": ISO}. Only documents
 * built by callstream itself use it (aggregate state), whose objects never carry a key
 * named "$date", so the tag cannot be confused with data.
 */
export const dateCodec: DocumentCodec = {
  encode: (document) => encode(document) as Document,
  decode: (document) => decode(document) as Document,
};

function encode(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(encode);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key in value) out[key] = encode((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.$date === 'string') return new Date(record.$date);
    const out: Record<string, unknown> = {};
    for (const key in record) out[key] = decode(record[key]);
    return out;
  }
  return value;
}
