import { describe, it } from 'vitest';
import { initialOrganisation } from '../../src/domain/index.js';
import {
  agent,
  closedCall,
  customer,
  events,
  given,
  logCall,
  minutes,
  system,
  T0,
  organisationWithServersGroup,
} from '../support/call-spec.js';

describe('LogCall', () => {
  it('registers a call with its number, and sets the default priority with targets counted from the reported time', () => {
    given().when(logCall).then(events.logged(), events.prioritised(3));
  });

  it('records a call-taker who only records it (A1b) and assigns it at once', () => {
    given()
      .when({
        ...logCall,
        actor: { id: 'rita', role: 'call-taker' },
        intake: { mode: 'recording', channel: 'phone' },
        assignTo: { group: 'dispatch' },
      })
      .then(
        events.logged({ intake: { mode: 'recording', channel: 'phone' } }),
        events.prioritised(3),
        {
          type: 'CallAssigned',
          data: { at: T0, group: 'dispatch', reason: 'Assigned at logging' },
        },
      );
  });

  it('sends a new call to the organisation’s default destination (C2)', () => {
    const organisation = {
      ...initialOrganisation(),
      defaultDestination: { kind: 'supervisor' as const, id: 'sam' },
    };
    given()
      .when({ ...logCall, organisation })
      .then(events.logged(), events.prioritised(3), {
        type: 'CallAssigned',
        data: { at: T0, owner: 'sam', reason: 'Default destination (supervisor)' },
      });
    const toGroup = {
      ...initialOrganisation(),
      groups: { dispatch: { name: 'Dispatch', kind: 'work' as const, members: [], active: true } },
      defaultDestination: { kind: 'group' as const, id: 'dispatch' },
    };
    given()
      .when({ ...logCall, organisation: toGroup })
      .then(events.logged(), events.prioritised(3), {
        type: 'CallAssigned',
        data: { at: T0, group: 'dispatch', reason: 'Default destination (group)' },
      });
  });

  it('refuses an assignment at logging to a group the organisation does not know', () => {
    const organisation = organisationWithServersGroup();
    given()
      .when({ ...logCall, organisation, assignTo: { group: 'plumbing' } })
      .refuses('GroupNotFound', /servers-l1/);
  });

  it('logs electronically for a system actor with the channel it came from (A1a)', () => {
    given()
      .when({
        ...logCall,
        actor: system,
        intake: { mode: 'electronic', channel: 'email' },
        priority: 1,
        emergency: true,
      })
      .then(
        events.logged({ intake: { mode: 'electronic', channel: 'email' }, emergency: true }),
        events.prioritised(1, true),
      );
  });

  it('logs a generalist call linked to a product instead of a customer (A9)', () => {
    const subject = {
      kind: 'product' as const,
      productId: 'tv-55',
      category: 'pre-sales' as const,
    };
    given()
      .when({ ...logCall, subject, item: {} })
      .then(events.logged({ subject, item: {} }), events.prioritised(3));
  });

  it('records open calls for the same customer and serial number as a warning, not a refusal', () => {
    given()
      .when({ ...logCall, possibleDuplicates: ['C-000007'] })
      .then(events.logged({ possibleDuplicates: ['C-000007'] }), events.prioritised(3));
  });

  it('keeps the reported time when the call is logged later', () => {
    given()
      .when({ ...logCall, reportedAt: minutes(-30) })
      .then(events.logged({ reportedAt: minutes(-30) }), {
        type: 'PrioritySet',
        data: {
          ...(events.prioritised(3).data as object),
          responseDueAt: minutes(-30 + 240),
          resolutionDueAt: minutes(-30 + 1440),
        } as never,
      });
  });

  it('refuses a reported time after the logging time', () => {
    given()
      .when({ ...logCall, reportedAt: minutes(5) })
      .refuses('ReportedInFuture');
  });

  it('refuses electronic intake by a person and a call-taker intake by a system', () => {
    given()
      .when({ ...logCall, actor: agent, intake: { mode: 'electronic', channel: 'email' } })
      .refuses('IntakeModeMismatch');
    given()
      .when({ ...logCall, actor: system, intake: { mode: 'recording', channel: 'email' } })
      .refuses('IntakeModeMismatch');
  });

  it('lets a customer log for their own customer only', () => {
    given()
      .when({ ...logCall, actor: customer, intake: { mode: 'electronic', channel: 'web-form' } })
      .then(
        events.logged({ intake: { mode: 'electronic', channel: 'web-form' } }),
        events.prioritised(3),
      );
    given()
      .when({
        ...logCall,
        actor: customer,
        intake: { mode: 'electronic', channel: 'web-form' },
        subject: { kind: 'customer', customerId: 'globex' },
      })
      .refuses('NotYourCall');
  });

  it('leaves rating and routing to the service desk: a customer sets no priority, emergency, factors or destination', () => {
    const selfService = {
      ...logCall,
      actor: customer,
      intake: { mode: 'electronic' as const, channel: 'web-form' as const },
    };
    given()
      .when({ ...selfService, priority: 1 })
      .refuses('NotForCustomers', /priority/);
    given()
      .when({ ...selfService, emergency: true })
      .refuses('NotForCustomers', /emergency/);
    given()
      .when({ ...selfService, factors: { vip: 0.5 } })
      .refuses('NotForCustomers', /factors/);
    given()
      .when({ ...selfService, assignTo: { group: 'servers-l1' } })
      .refuses('NotForCustomers', /assignTo/);
  });

  it('refuses a priority the service-level policy does not know', () => {
    given()
      .when({ ...logCall, priority: 7 })
      .refuses('UnknownPriority', /Priority 7/);
  });

  it('refuses to log a call twice', () => {
    given(events.logged()).when(logCall).refuses('CallAlreadyLogged');
  });
});

describe('AddFollowUp (A2)', () => {
  it('appends information under a new id, never overwriting earlier information', () => {
    const first = {
      type: 'FollowUpAdded' as const,
      data: { at: minutes(10), followUpId: 'F1', by: 'contact-1', text: 'It beeps three times' },
    };
    given(events.logged(), first)
      .when({ type: 'AddFollowUp', actor: customer, text: 'Also the fan is loud' })
      .then({
        type: 'FollowUpAdded',
        data: { at: minutes(100), followUpId: 'F2', by: 'contact-1', text: 'Also the fan is loud' },
      });
  });

  it('refuses information on a closed call and says to reopen it', () => {
    given(...closedCall())
      .when({ type: 'AddFollowUp', text: 'It broke again' })
      .refuses('InvalidTransition', /reopen/);
  });

  it('refuses a command on a call that was never logged', () => {
    given().when({ type: 'AddFollowUp', text: 'Hello?' }).refuses('CallNotFound');
  });
});

describe('AddInternalNote', () => {
  it('records an internal note, also on a closed call', () => {
    given(...closedCall())
      .when({ type: 'AddInternalNote', text: 'Customer was very patient' })
      .then({
        type: 'InternalNoteAdded',
        data: { at: minutes(100), noteId: 'N1', by: 'ann', text: 'Customer was very patient' },
      });
  });

  it('refuses a note on an archived call', () => {
    given(...closedCall(), events.archived())
      .when({ type: 'AddInternalNote', text: 'Late note' })
      .refuses('InvalidTransition');
  });
});

describe('CorrectCallDetails', () => {
  it('records only what actually changes, with the reason', () => {
    given(events.logged())
      .when({
        type: 'CorrectCallDetails',
        reason: 'Typo in the reference',
        customerReference: 'PO-77',
        description: 'Server does not boot',
      })
      .then({
        type: 'CallDetailsCorrected',
        data: { at: minutes(100), reason: 'Typo in the reference', customerReference: 'PO-77' },
      });
  });

  it('refuses a correction that changes nothing', () => {
    given(events.logged())
      .when({ type: 'CorrectCallDetails', reason: 'Nothing', description: 'Server does not boot' })
      .refuses('NothingToChange');
  });
});
