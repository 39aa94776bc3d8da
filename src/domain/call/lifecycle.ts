import { DomainError } from '../shared/errors.js';
import type { CallCommandType } from './commands.js';
import type { Call, CallStatus } from './state.js';

const OPEN: readonly CallStatus[] = ['Registered', 'Assigned', 'InProcess', 'Transferred'];
const WORKING: readonly CallStatus[] = ['Assigned', 'InProcess', 'Transferred'];
const NOT_CLOSED: readonly CallStatus[] = [...OPEN, 'Solved', 'Accepted'];

/**
 * In which statuses each command may act. The transitions themselves are in evolve; this
 * table is the guard checked before every step.
 */
export const allowedStatuses: Readonly<
  Record<Exclude<CallCommandType, 'LogCall'>, readonly CallStatus[]>
> = {
  AddFollowUp: NOT_CLOSED,
  AddInternalNote: [...NOT_CLOSED, 'Closed'],
  CorrectCallDetails: NOT_CLOSED,
  EvaluateCall: ['Registered', 'Assigned'],
  SetPriority: OPEN,
  AssignCall: OPEN,
  StartWork: ['Registered', 'Assigned'],
  RecordDiagnosis: OPEN,
  PutOnHold: OPEN,
  ReleaseHold: OPEN,
  TransferToSecondLine: OPEN,
  ReturnFromSecondLine: ['Transferred'],
  ScheduleOnSiteVisit: OPEN,
  RescheduleOnSiteVisit: ['Transferred'],
  StartOnSiteVisit: ['Transferred'],
  CompleteOnSiteVisit: ['Transferred'],
  AuthoriseRma: OPEN,
  ReceiveRmaItem: ['Transferred'],
  RecordRmaRepair: ['Transferred'],
  ShipRmaItem: ['Transferred'],
  OrderSubcontract: OPEN,
  CompleteSubcontract: ['Transferred'],
  CancelTransfer: ['Transferred'],
  BookTime: NOT_CLOSED,
  BookMaterial: NOT_CLOSED,
  BookCost: NOT_CLOSED,
  CancelBooking: NOT_CLOSED,
  ResolveCall: OPEN,
  AcceptSolution: ['Solved'],
  RejectSolution: ['Solved'],
  ClassifyCall: [...NOT_CLOSED, 'Closed'],
  ChangeContract: NOT_CLOSED,
  RecordAcknowledgement: [...NOT_CLOSED, 'Closed', 'Archived'],
  // Escalation only escalates running calls; for others it finds nothing to do.
  EscalateServiceLevel: [...NOT_CLOSED, 'Closed', 'Archived'],
  CloseCall: ['Solved', 'Accepted'],
  CancelCall: OPEN,
  ArchiveCall: ['Closed'],
  ReopenCall: ['Closed', 'Archived'],
  // A signed report may arrive after closing; a wrong or sensitive file is withdrawn any time.
  AddAttachment: [...NOT_CLOSED, 'Closed'],
  ChangeAttachmentVisibility: [...NOT_CLOSED, 'Closed', 'Archived'],
  WithdrawAttachment: [...NOT_CLOSED, 'Closed', 'Archived'],
};

export const WORKING_STATUSES = WORKING;

/**
 * The commands that move the work forward. While an administrative block is in force on
 * the customer (placed after the call was logged), these are refused with the block's
 * reason; information, notes, routing back and closing stay possible.
 */
export const progressCommands: ReadonlySet<CallCommandType> = new Set<CallCommandType>([
  'StartWork',
  'RecordDiagnosis',
  'TransferToSecondLine',
  'ScheduleOnSiteVisit',
  'RescheduleOnSiteVisit',
  'StartOnSiteVisit',
  'CompleteOnSiteVisit',
  'AuthoriseRma',
  'ReceiveRmaItem',
  'RecordRmaRepair',
  'ShipRmaItem',
  'OrderSubcontract',
  'CompleteSubcontract',
  'BookTime',
  'BookMaterial',
  'BookCost',
  'ResolveCall',
]);

const verbs: Partial<Record<CallCommandType, string>> = {
  ResolveCall: 'resolve',
  AcceptSolution: 'accept the solution of',
  RejectSolution: 'reject the solution of',
  CloseCall: 'close',
  ArchiveCall: 'archive',
  ReopenCall: 'reopen',
  CancelCall: 'cancel',
  BookTime: 'book time on',
  BookMaterial: 'book material on',
  BookCost: 'book a cost on',
  AddFollowUp: 'add information to',
};

/** Throws the typed refusal when the call's status does not allow the command. */
export function ensureStatus(call: Call, command: Exclude<CallCommandType, 'LogCall'>): void {
  const allowed = allowedStatuses[command];
  if (allowed.includes(call.status)) return;
  const verb = verbs[command] ?? `${command} on`;
  const hint =
    call.status === 'Closed' || call.status === 'Archived'
      ? ' (reopen it to continue: that creates a new linked call)'
      : '';
  throw new DomainError(
    'InvalidTransition',
    `Cannot ${verb} call ${call.number}: it is ${call.status}; allowed when ${allowed.join(', ')}${hint}`,
    { command, status: call.status, allowed },
  );
}
