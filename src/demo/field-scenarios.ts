import { MINUTE } from './office-hours.js';
import { depots, groupMembers, staff, subcontractors } from './organisation.js';
import { close, dispatch, resolve, type CallPlanning } from './plan-handling.js';
import { on } from './plan-timeline.js';
import { demoFile } from './files.js';

/** An on-site visit's planned window: an hour and a half, in a free slot of the engineer's agenda (five a day fit a working day). */
const VISIT = 90 * MINUTE;

const visitWindow = (from: number) => ({
  plannedStart: new Date(from).toISOString(),
  plannedEnd: new Date(from + VISIT).toISOString(),
});

/**
 * The call's engineer (routing's) diagnoses it; the dispatcher sends whoever of the group serves
 * the site's region, knows the item and is free soonest to the site (the visit names them, the
 * call stays its engineer's); the visitor books travel, labour and parts; the call's engineer
 * resolves it on the visit report.
 */
export function planOnSite(planning: CallPlanning): void {
  const { random, timeline, board, parties } = planning;
  const chosen = board.chooseEngineer(
    parties.drawnEngineer.id,
    groupMembers[parties.group].map((member) => member.id),
    parties.unit,
    timeline.clock + 24 * 60 * MINUTE,
    VISIT,
  );
  const visitor = Object.values(staff).find((s) => s.id === chosen) ?? parties.drawnEngineer;
  const { agent, unit, solution } = parties;
  dispatch(planning);
  let visit = board.earliest(visitor.id, timeline.clock + random.int(12, 48) * 60 * MINUTE, VISIT);
  board.book(visitor.id, visit, visit + VISIT);
  timeline.after(
    random.int(5, 30),
    on('ScheduleOnSiteVisit', agent, {
      engineer: visitor.id,
      siteId: unit.siteId,
      ...visitWindow(visit),
    }),
  );
  if (random.chance(0.15)) {
    visit = board.earliest(visitor.id, visit + 24 * 60 * MINUTE, VISIT);
    board.book(visitor.id, visit, visit + VISIT);
    timeline.after(
      60,
      on('RescheduleOnSiteVisit', agent, {
        transferId: 'T1',
        ...visitWindow(visit),
        reason: 'Customer asked for the next day',
      }),
    );
  }
  timeline.clock = Math.max(timeline.clock, visit);
  timeline.after(random.int(1, 20), on('StartOnSiteVisit', visitor, { transferId: 'T1' }));
  timeline.after(
    random.int(40, 150),
    on('CompleteOnSiteVisit', visitor, {
      transferId: 'T1',
      report: solution,
      // The report the customer signed, and the engineer's photo of the part for the depot.
      attachments: [
        demoFile(
          `visits/${unit.serialNumber}/${visit}`,
          'visit-report.pdf',
          'application/pdf',
          true,
        ),
        demoFile(`visits/${unit.serialNumber}/${visit}`, 'replaced-part.jpg', 'image/jpeg', false),
      ],
    }),
  );
  timeline.after(
    1,
    on('BookTime', visitor, {
      labourType: 'travel',
      minutes: random.int(20, 90),
      transferId: 'T1',
    }),
  );
  timeline.after(
    1,
    on('BookTime', visitor, {
      labourType: 'on-site',
      minutes: random.int(45, 180),
      transferId: 'T1',
    }),
  );
  if (random.chance(0.5))
    timeline.after(
      1,
      on('BookMaterial', visitor, {
        item: `spare-${unit.item}`,
        quantity: 1,
        transferId: 'T1',
      }),
    );
  resolve(planning);
  close(planning);
}

/** The item goes to a depot under an RMA, is repaired there and shipped back. */
export function planDepotRepair(planning: CallPlanning): void {
  const { random, timeline, parties } = planning;
  const { engineer, solution, knowledge } = parties;
  dispatch(planning);
  timeline.after(random.int(10, 60), on('AuthoriseRma', engineer, { depot: random.pick(depots) }));
  timeline.after(
    random.int(24 * 60, 3 * 24 * 60),
    on('ReceiveRmaItem', engineer, { transferId: 'T1' }),
  );
  timeline.after(
    random.int(2 * 60, 2 * 24 * 60),
    on('RecordRmaRepair', engineer, { transferId: 'T1', report: solution }),
  );
  timeline.after(
    1,
    on('BookTime', engineer, {
      labourType: 'depot',
      minutes: random.int(30, 180),
      transferId: 'T1',
    }),
  );
  timeline.after(
    random.int(60, 24 * 60),
    on('ShipRmaItem', engineer, {
      transferId: 'T1',
      trackingNumber: `TRK${random.int(100000, 999999)}`,
    }),
  );
  timeline.after(
    random.int(24 * 60, 2 * 24 * 60),
    on('RecordDiagnosis', engineer, { solution, codes: { solution: knowledge.codes.solution } }),
  );
  timeline.after(random.int(5, 60), on('ResolveCall', engineer, { solution }));
  close(planning);
}

/** A subcontractor does the work at an agreed cost; the actual cost differs a little. */
export function planSubcontract(planning: CallPlanning): void {
  const { random, timeline, parties } = planning;
  const { agent, solution } = parties;
  dispatch(planning);
  const agreed = random.int(80, 600) * 100;
  timeline.after(
    random.int(30, 120),
    on('OrderSubcontract', agent, {
      subcontractor: random.pick(subcontractors),
      orderReference: `SUB-${random.int(1000, 9999)}`,
      agreedCost: { amount: agreed, currency: 'EUR' },
    }),
  );
  timeline.after(
    random.int(24 * 60, 4 * 24 * 60),
    on('CompleteSubcontract', agent, {
      transferId: 'T1',
      actualCost: { amount: agreed + random.int(-20, 40) * 100, currency: 'EUR' },
      report: solution,
    }),
  );
  resolve(planning);
  close(planning);
}
