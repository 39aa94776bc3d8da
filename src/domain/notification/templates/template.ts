import type { RefusalReason } from '../../intake/validation.js';
import type { Language } from '../../customer/language.js';
import type { NotificationKind } from '../schemas.js';

/** What a message may say: each template uses the facts of its kind. */
export interface NotificationFacts {
  readonly number?: string;
  /** The addressee's name, for the greeting. */
  readonly name?: string;
  /** The reporter's own words, shortened. */
  readonly description?: string;
  readonly visit?: { readonly start: Date; readonly end: Date; readonly timeZone: string };
  readonly solution?: string;
  /** Why the call was cancelled: the staff's words, which the customer's view of the log shows too. */
  readonly reason?: string;
  readonly refusal?: RefusalReason;
}

/**
 * A message text at a version. A text is changed by adding a version, never by editing one
 * in place: a recorded notification names the version that wrote it.
 */
export interface Template {
  readonly version: number;
  readonly subject: (facts: NotificationFacts) => string;
  readonly text: (facts: NotificationFacts) => string;
}

/** Every kind's template, in one language, the current version of each. */
export type LanguageTemplates = Readonly<Record<NotificationKind, Template>>;

const LOCALES: Readonly<Record<Language, string>> = {
  en: 'en-GB',
  fr: 'fr-FR',
  it: 'it-IT',
  es: 'es-ES',
  nl: 'nl-NL',
};

/** A visit's start as people of that language write it (day, date, time) in its zone. */
export function visitStart(language: Language, facts: NotificationFacts): string {
  const visit = facts.visit!;
  return new Intl.DateTimeFormat(LOCALES[language], {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: visit.timeZone,
  }).format(visit.start);
}

/** A visit's expected end: the time only. */
export function visitEnd(language: Language, facts: NotificationFacts): string {
  const visit = facts.visit!;
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeStyle: 'short',
    timeZone: visit.timeZone,
  }).format(visit.end);
}

/** The reporter's words as a quoted paragraph, or nothing. */
export const quoted = (words: string | undefined): string =>
  words ? `\n\n    “${words.replace(/\s+/g, ' ').trim()}”` : '';
