import { describe, expect, it } from 'vitest';
import { logPage, type TimelineEntry } from '../../src/cli/shared/html.js';

const change = (
  field: string,
  old: TimelineEntry['old'],
  now: TimelineEntry['new'],
  instant?: true,
): TimelineEntry => ({
  at: '2026-11-23T09:00:00.000Z',
  field,
  old,
  new: now,
  ...(instant ? { instant } : {}),
  eventType: 'CallDetailsCorrected',
  actor: { id: 'ann', role: 'agent' },
});

describe('the HTML transaction log', () => {
  it('shows a stored instant as a time with its zone', () => {
    const page = logPage('C-000001', 'Acme', [
      change('resolutionDueAt', null, '2026-11-24T09:30:00.000Z', true),
    ]);
    expect(page).toContain('2026-11-24 09:30 UTC');
  });

  it('shows in full a text that only begins with a date and time', () => {
    const description = '2026-11-23T08:15 the server stopped again after the update';
    const page = logPage('C-000001', 'Acme', [
      change('description', 'Server does not boot', description),
    ]);
    expect(page).toContain(description);
    expect(page).not.toContain('2026-11-23 08:15 UTC');
  });

  it('shows as typed a text that reads exactly as a stored instant: the field decides, not the value', () => {
    const page = logPage('C-000001', 'Acme', [
      change('customerReference', null, '2026-11-24T09:30:00.000Z'),
    ]);
    expect(page).toContain('2026-11-24T09:30:00.000Z');
    expect(page).not.toContain('2026-11-24 09:30 UTC');
  });
});
