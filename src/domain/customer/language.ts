import { entryOf } from '../shared/objects.js';
import { z } from 'zod';

/**
 * The languages customer notifications are written in: those of the sources (English,
 * French, Italian, Spanish, Dutch). A customer's language is master data; without one it
 * follows the country of their first site, else English.
 */
export const languages = ['en', 'fr', 'it', 'es', 'nl'] as const;
export type Language = (typeof languages)[number];
export const language = z.enum(languages).meta({
  description: 'ISO 639-1 code of a language notifications are written in: en, fr, it, es, nl',
});
export const DEFAULT_LANGUAGE: Language = 'en';

/** Where a country's usual language is one of ours (Belgium and Switzerland: the larger community). */
const COUNTRY_LANGUAGES: ReadonlyMap<string, Language> = new Map([
  ['FR', 'fr'],
  ['BE', 'nl'],
  ['LU', 'fr'],
  ['MC', 'fr'],
  ['CH', 'fr'],
  ['IT', 'it'],
  ['SM', 'it'],
  ['VA', 'it'],
  ['ES', 'es'],
  ['MX', 'es'],
  ['AR', 'es'],
  ['CO', 'es'],
  ['CL', 'es'],
  ['PE', 'es'],
  ['NL', 'nl'],
  ['SR', 'nl'],
]);

/** The language of a customer: theirs when set, else their first site's country's, else English. */
export function languageOf(customer: {
  readonly language?: Language | undefined;
  readonly sites: Readonly<Record<string, { readonly country: string }>>;
}): Language {
  if (customer.language) return customer.language;
  const [first] = Object.keys(customer.sites).sort();
  return (
    (first === undefined
      ? undefined
      : COUNTRY_LANGUAGES.get(entryOf(customer.sites, first)!.country)) ?? DEFAULT_LANGUAGE
  );
}
