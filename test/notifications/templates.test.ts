/** The shipped texts: every kind in every language, written from any facts, and the customer's language as master data. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeEvent,
  evolveCustomer,
  languageOf,
  languages,
  notificationKinds,
  notificationTemplates,
  refusalReasons,
  renderNotification,
} from '../../src/domain/index.js';

const facts = fc.record({
  number: fc.integer({ min: 1, max: 999_999 }).map((n) => `C-${String(n).padStart(6, '0')}`),
  name: fc.option(fc.constantFrom('Claire', 'Zoë Ødegård', 'José Núñez', 'Anouk'), {
    nil: undefined,
  }),
  description: fc.option(fc.string({ minLength: 1, maxLength: 80 }), { nil: undefined }),
  solution: fc.string({ minLength: 1, maxLength: 80 }),
  refusal: fc.constantFrom(...refusalReasons),
  visit: fc
    .date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true })
    .map((start) => ({
      start,
      end: new Date(start.getTime() + 2 * 3_600_000),
      timeZone: 'Europe/Paris',
    })),
});

describe('notification templates', () => {
  it('ship every kind in English, French, Italian, Spanish and Dutch, each at a version', () => {
    expect(Object.keys(notificationTemplates).sort()).toEqual([...languages].sort());
    for (const language of languages)
      for (const kind of notificationKinds)
        expect(notificationTemplates[language][kind].version).toBeGreaterThanOrEqual(1);
  });

  it('write a whole message from any facts: the call number where there is one, no holes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...languages),
        fc.constantFrom(...notificationKinds),
        facts,
        (language, kind, given) => {
          const message = renderNotification(kind, language, given);
          expect(message.template).toEqual({
            id: `${kind}/${language}`,
            version: notificationTemplates[language][kind].version,
          });
          const whole = `${message.subject}\n${message.text}`;
          expect(whole).not.toMatch(/undefined|NaN|Invalid Date|\[object/);
          if (kind !== 'request-refused') expect(whole).toContain(given.number);
          if (given.name) expect(message.text).toContain(given.name);
          expect(message.subject).not.toContain('\n');
        },
      ),
    );
  });

  it('are different texts in each language', () => {
    const f = { number: 'C-000042' };
    const subjects = languages.map((l) => renderNotification('call-closed', l, f).subject);
    expect(new Set(subjects).size).toBe(languages.length);
  });
});

describe("the customer's language (master data)", () => {
  it('decodes a customer registered before languages existed, and defaults to their first site’s country', () => {
    const old = decodeEvent('CustomerRegistered', {
      customerId: 'old',
      at: '2024-01-01T00:00:00Z',
      name: 'Old Customer',
    });
    const registered = evolveCustomer(null, old as Parameters<typeof evolveCustomer>[1]);
    expect(registered!.language).toBeUndefined();
    expect(languageOf(registered!)).toBe('en');
    const withSite = {
      ...registered!,
      sites: {
        s2: { name: 'b', city: 'Madrid', country: 'ES' },
        s1: { name: 'a', city: 'Utrecht', country: 'NL' },
      },
    };
    expect(languageOf(withSite)).toBe('nl');
    expect(languageOf({ ...withSite, language: 'it' })).toBe('it');
  });

  it('refuses a language callstream has no texts for', () => {
    expect(() =>
      decodeEvent('CustomerLanguageSet', { at: '2024-01-01T00:00:00Z', language: 'de' }),
    ).toThrow(/CustomerLanguageSet/);
  });
});
