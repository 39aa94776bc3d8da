import type { Language } from '../../customer/language.js';
import type { NotificationKind } from '../schemas.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { nl } from './nl.js';
import type { LanguageTemplates, NotificationFacts } from './template.js';

export type { NotificationFacts, Template, LanguageTemplates } from './template.js';

/** The shipped texts: every kind in every language. */
export const notificationTemplates: Readonly<Record<Language, LanguageTemplates>> = {
  en,
  fr,
  it,
  es,
  nl,
};

/** A message written: its subject and text, and the template (id and version) that wrote it. */
export interface RenderedMessage {
  readonly template: { readonly id: string; readonly version: number };
  readonly subject: string;
  readonly text: string;
}

/** The current template of a kind in a language, applied to the facts. */
export function renderNotification(
  kind: NotificationKind,
  language: Language,
  facts: NotificationFacts,
): RenderedMessage {
  const template = notificationTemplates[language][kind];
  return {
    template: { id: `${kind}/${language}`, version: template.version },
    subject: template.subject(facts),
    text: template.text(facts),
  };
}
