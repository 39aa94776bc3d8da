import { describe, it } from 'vitest';
import { builtInServiceLevels } from '../../src/domain/index.js';
import { closedCall, engineer, events, given, inProcess, minutes } from '../support/call-spec.js';

const serviceLevels = builtInServiceLevels;

describe('EvaluateCall (A4)', () => {
  it('records the triage of a registered call', () => {
    given(events.logged())
      .when({ type: 'EvaluateCall', category: 'hardware', impact: 'high', urgency: 'medium' })
      .then({
        type: 'CallEvaluated',
        data: {
          at: minutes(100),
          by: 'ann',
          category: 'hardware',
          impact: 'high',
          urgency: 'medium',
        },
      });
  });

  it('refuses an empty evaluation and an evaluation once work started', () => {
    given(events.logged()).when({ type: 'EvaluateCall' }).refuses('NothingToChange');
    given(...inProcess())
      .when({ type: 'EvaluateCall', category: 'hardware' })
      .refuses('InvalidTransition');
  });
});

describe('SetPriority (A5)', () => {
  it('re-rates the call and moves the targets, still counted from the reported time', () => {
    given(events.logged(), events.prioritised(3))
      .when({
        type: 'SetPriority',
        priority: 1,
        emergency: true,
        reason: 'Production down',
        serviceLevels,
      })
      .then({
        type: 'PrioritySet',
        data: {
          ...(events.prioritised(1, true, minutes(100)).data as object),
          reason: 'Production down',
        } as never,
      });
  });

  it('refuses a priority that changes nothing, an unknown priority, and a solved call', () => {
    given(events.logged(), events.prioritised(3))
      .when({ type: 'SetPriority', priority: 3, serviceLevels })
      .refuses('NothingToChange');
    given(events.logged(), events.prioritised(3))
      .when({ type: 'SetPriority', priority: 9, serviceLevels })
      .refuses('UnknownPriority');
    given(...inProcess(), events.resolved())
      .when({ type: 'SetPriority', priority: 1, serviceLevels })
      .refuses('InvalidTransition');
  });
});

describe('AssignCall (C2)', () => {
  it('assigns a registered call to a group and engineer', () => {
    given(events.logged())
      .when({ type: 'AssignCall', group: 'servers-l1', engineer: 'eve' })
      .then({
        type: 'CallAssigned',
        data: { at: minutes(100), group: 'servers-l1', engineer: 'eve' },
      });
  });

  it('reassigns a call in process to another engineer with a reason', () => {
    const g = given(...inProcess());
    g.when({ type: 'AssignCall', engineer: 'bob', reason: 'Eve is ill' }).then({
      type: 'CallAssigned',
      data: { at: minutes(100), engineer: 'bob', reason: 'Eve is ill' },
    });
  });

  it('refuses an assignment that names nobody or changes nothing, and a closed call', () => {
    given(events.logged()).when({ type: 'AssignCall' }).refuses('NothingToChange');
    given(...inProcess())
      .when({ type: 'AssignCall', engineer: 'eve' })
      .refuses('NothingToChange');
    given(...closedCall())
      .when({ type: 'AssignCall', engineer: 'bob' })
      .refuses('InvalidTransition');
  });
});

describe('StartWork', () => {
  it('starts work by the acting engineer', () => {
    given(events.logged(), events.assigned())
      .when({ type: 'StartWork', actor: engineer })
      .then({ type: 'WorkStarted', data: { at: minutes(100), engineer: 'eve' } });
  });

  it('refuses to start twice', () => {
    given(...inProcess())
      .when({ type: 'StartWork', actor: engineer })
      .refuses('InvalidTransition');
  });
});

describe('RecordDiagnosis (C1)', () => {
  it('records symptom, cause and solution, partially and later completed', () => {
    given(...inProcess(), {
      type: 'DiagnosisRecorded',
      data: { at: minutes(20), symptom: 'No POST' },
    })
      .when({ type: 'RecordDiagnosis', cause: 'Failed PSU', solution: 'Replace PSU' })
      .then({
        type: 'DiagnosisRecorded',
        data: { at: minutes(100), cause: 'Failed PSU', solution: 'Replace PSU' },
      });
  });

  it('refuses a diagnosis that records nothing new', () => {
    given(...inProcess(), {
      type: 'DiagnosisRecorded',
      data: { at: minutes(20), symptom: 'No POST' },
    })
      .when({ type: 'RecordDiagnosis', symptom: 'No POST' })
      .refuses('NothingToChange');
  });
});

describe('PutOnHold / ReleaseHold', () => {
  it('puts a call on hold with a reason and releases it', () => {
    given(...inProcess())
      .when({ type: 'PutOnHold', reason: 'Waiting for parts', kind: 'waiting-for-parts' })
      .then({
        type: 'CallPutOnHold',
        data: {
          at: minutes(100),
          reason: 'Waiting for parts',
          kind: 'waiting-for-parts',
          holdId: 'H1',
          pausesClock: false,
        },
      });
    given(...inProcess(), {
      type: 'CallPutOnHold',
      data: { at: minutes(20), reason: 'Waiting', kind: 'other', holdId: 'H1', pausesClock: false },
    })
      .when({ type: 'ReleaseHold' })
      .then({ type: 'CallReleasedFromHold', data: { at: minutes(100), holdId: 'H1' } });
  });

  it('refuses to hold twice and to release a call that is not on hold', () => {
    given(...inProcess(), { type: 'CallPutOnHold', data: { at: minutes(20), reason: 'Waiting' } })
      .when({ type: 'PutOnHold', reason: 'Again', kind: 'other' })
      .refuses('AlreadyOnHold');
    given(...inProcess())
      .when({ type: 'ReleaseHold' })
      .refuses('NotOnHold');
  });
});

describe('the log runs forward in time', () => {
  it('refuses a command dated before the call’s last change, and takes one dated at the same instant', () => {
    given(...inProcess(), events.resolved())
      .when({ type: 'AddFollowUp', at: minutes(1), text: 'Late news' })
      .refuses('OutOfOrder', /AddFollowUp dated .* comes before the last change to call C-000042/);
    const last = events.resolved().data.at;
    given(...inProcess(), events.resolved())
      .when({ type: 'AddFollowUp', at: last, text: 'Same minute' })
      .then({
        type: 'FollowUpAdded',
        data: { at: last, followUpId: 'F1', by: 'ann', text: 'Same minute' },
      });
  });
});
