import { DomainError } from '../shared/errors.js';
import type { Actor, Role } from '../shared/schema.js';
import type { Call } from './state.js';
import type { CallCommandType } from './commands.js';

const STAFF: readonly Role[] = ['call-taker', 'agent', 'engineer', 'supervisor'];
const HANDLERS: readonly Role[] = ['agent', 'engineer', 'supervisor'];
const DISPATCHERS: readonly Role[] = ['agent', 'supervisor'];

/**
 * Who may ask what. A customer adds information, accepts or rejects a solution and asks to
 * reopen; a call-taker who only records (A1b) logs and adds information; knowledgeable
 * agents and engineers handle the call; supervisors may do everything a person may; the
 * system actor logs electronic calls and runs scheduled work; billing closes and archives.
 */
export const permissions: Readonly<Record<CallCommandType, readonly Role[]>> = {
  LogCall: ['customer', 'system', ...STAFF],
  AddFollowUp: ['customer', 'system', ...STAFF],
  AddInternalNote: STAFF,
  CorrectCallDetails: ['call-taker', ...DISPATCHERS],
  EvaluateCall: ['call-taker', ...HANDLERS],
  SetPriority: [...DISPATCHERS, 'system'],
  AssignCall: [...DISPATCHERS, 'system'],
  StartWork: HANDLERS,
  RecordDiagnosis: HANDLERS,
  PutOnHold: HANDLERS,
  ReleaseHold: [...HANDLERS, 'system'],
  TransferToSecondLine: HANDLERS,
  ReturnFromSecondLine: HANDLERS,
  ScheduleOnSiteVisit: HANDLERS,
  RescheduleOnSiteVisit: HANDLERS,
  StartOnSiteVisit: HANDLERS,
  CompleteOnSiteVisit: HANDLERS,
  AuthoriseRma: HANDLERS,
  ReceiveRmaItem: HANDLERS,
  RecordRmaRepair: HANDLERS,
  ShipRmaItem: HANDLERS,
  OrderSubcontract: HANDLERS,
  CompleteSubcontract: HANDLERS,
  CancelTransfer: HANDLERS,
  BookTime: HANDLERS,
  BookMaterial: HANDLERS,
  BookCost: [...HANDLERS, 'billing'],
  CancelBooking: ['supervisor', 'billing'],
  ResolveCall: HANDLERS,
  AcceptSolution: ['customer', ...DISPATCHERS],
  RejectSolution: ['customer', ...DISPATCHERS],
  ClassifyCall: STAFF,
  ChangeContract: [...DISPATCHERS, 'billing'],
  RecordAcknowledgement: ['system'],
  EscalateServiceLevel: ['system', 'supervisor'],
  CloseCall: [...DISPATCHERS, 'billing', 'system'],
  CancelCall: DISPATCHERS,
  ArchiveCall: ['supervisor', 'billing', 'system'],
  ReopenCall: ['customer', ...DISPATCHERS],
  AddAttachment: ['customer', 'system', ...STAFF],
  ChangeAttachmentVisibility: STAFF,
  WithdrawAttachment: STAFF,
};

export function mayExecute(role: Role, command: CallCommandType): boolean {
  return permissions[command].includes(role);
}

/** A customer acts only on the calls of the customer they speak for. */
export function ensureMayActOn(actor: Actor, call: Call): void {
  if (actor.role !== 'customer') return;
  if (call.subject.kind === 'customer' && call.subject.customerId === actor.customerId) return;
  throw new DomainError(
    'NotYourCall',
    `Call ${call.number} is not a call of customer ${actor.customerId ?? '(none given)'}`,
    {
      callId: call.id,
    },
  );
}
