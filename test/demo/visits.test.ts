import { afterAll, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { weeksOf, workingTimeBetween } from '../../src/domain/index.js';
import { calendarOf, demoAbsences, demoEngineers } from '../../src/demo/engineers.js';
import { DEMO_START, runDemo, SimulatedClock } from '../../src/demo/run.js';
import type { AgendaEntry } from '../../src/projections/agenda.js';
import { temporaryDatabase } from '../support/files.js';

interface Visit {
  readonly engineer: string;
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

/** Every visit of the call streams, as last (re)scheduled, folded from the events; and the overrides. */
async function visitsOfTheCalls(callstream: Callstream) {
  const visits = new Map<string, Visit>();
  const overrides: string[] = [];
  for await (const recorded of callstream.store.readAll()) {
    if (!recorded.streamName.startsWith('call-')) continue;
    const data = recorded.data as {
      transferId?: string;
      engineer?: string;
      plannedStart?: string;
      plannedEnd?: string;
      override?: { reason: string };
    };
    const key = `${recorded.streamName}/${data.transferId}`;
    if (data.override) overrides.push(`${key}: ${data.override.reason}`);
    const window = { start: Date.parse(data.plannedStart!), end: Date.parse(data.plannedEnd!) };
    if (recorded.type === 'OnSiteVisitScheduled')
      visits.set(key, { engineer: data.engineer!, label: key, ...window });
    if (recorded.type === 'OnSiteVisitRescheduled')
      visits.set(key, { ...visits.get(key)!, ...window });
  }
  return { visits: [...visits.values()], overrides };
}

describe('the demo’s engineers and their visits (issue 21)', () => {
  const file = temporaryDatabase();
  afterAll(() => file.remove());

  it('books every on-site visit in a free slot: no overlap, within working time, never in an absence, no override', async () => {
    const clock = new SimulatedClock(DEMO_START);
    const callstream = await Callstream.open({
      file: file.path,
      clock: clock.read,
      notifications: { send: async () => undefined },
    });
    try {
      const summary = await runDemo(callstream, { calls: 400, seed: 5, clock });
      expect(summary.unexpected).toEqual({});
      const { visits, overrides } = await visitsOfTheCalls(callstream);
      expect(overrides).toEqual([]);
      expect(visits.length).toBeGreaterThan(30);
      const weeks = weeksOf(
        DEMO_START,
        new Date(Date.parse(summary.simulatedUntil) + 30 * 86_400_000),
      );
      const problems: string[] = [];
      let booked = 0;
      for (const engineer of demoEngineers) {
        // The agenda as the domain keeps it: every visit of the engineer's calls is booked there.
        const entries: AgendaEntry[] = [];
        for (const week of weeks) {
          const agenda = await callstream.agenda(engineer.id, week);
          expect(agenda.calendar).toBe(calendarOf(engineer, 2026).id);
          entries.push(...agenda.visits);
        }
        booked += new Set(entries.map((e) => `${e.callId}/${e.transferId}`)).size;
        expect(entries.filter((e) => e.override !== null)).toEqual([]);

        const calendar = calendarOf(engineer, 2026);
        const away = demoAbsences(2026).filter((a) => a.engineerId === engineer.id);
        const mine = visits
          .filter((v) => v.engineer === engineer.id)
          .sort((a, b) => a.start - b.start);
        for (const [i, visit] of mine.entries()) {
          const when = `${visit.label} ${new Date(visit.start).toISOString()}`;
          if (i > 0 && mine[i - 1]!.end > visit.start)
            problems.push(`${engineer.id}: ${when} overlaps ${mine[i - 1]!.label}`);
          if (
            workingTimeBetween(calendar, new Date(visit.start), new Date(visit.end)) !==
            visit.end - visit.start
          )
            problems.push(`${engineer.id}: ${when} outside working time`);
          for (const a of away)
            if (Date.parse(a.from) < visit.end && visit.start < Date.parse(a.until))
              problems.push(`${engineer.id}: ${when} during ${a.absenceId}`);
        }
      }
      expect(problems).toEqual([]);
      expect(booked).toBe(visits.length);
      // Every engineer takes visits, and the absences of the period are honoured rather than empty.
      for (const engineer of demoEngineers)
        expect(visits.some((v) => v.engineer === engineer.id)).toBe(true);
    } finally {
      await callstream.close();
    }
  }, 600_000);
});
