import {
  ensureAbsenceLength,
  weeksToCheck,
  type Agenda,
  type AgendaCommand,
  type AgendaEvent,
} from '../domain/index.js';
import type { EnvelopeFields, Loaded } from '../streams/index.js';
import type { Decision } from './append-decision.js';
import { agendaAggregate } from './aggregates.js';
import type { DecisionContext } from './decision-context.js';
import { handleCommand, type Handling } from './handle-command.js';
import { agendaView, weekGuards } from './agenda-view.js';
import { aggregateResult, type AggregateResult } from './results.js';
import { previousAt } from './previous-at.js';

/**
 * An absence command on the engineer's own stream. Recording one names the visits in its
 * way, so it is decided with the week streams the absence spans (and the week before, whose
 * visits may reach into it) added to the engineer's stream, and appended with those weeks at
 * the revisions read: a visit booked there meanwhile makes it decide again.
 */
export function absenceDecision(
  context: DecisionContext,
  command: AgendaCommand,
  loaded: Loaded<Agenda>,
): Promise<Decision<AgendaEvent>> | Decision<AgendaEvent> {
  if (command.type !== 'RecordAbsence')
    return agendaAggregate.decider.decide(command, loaded.state);
  // Before reading its weeks: an absence of centuries would read thousands of them.
  ensureAbsenceLength(command.from, command.until);
  return Promise.all([
    agendaView(context, command.engineerId, weeksToCheck(command.from, command.until), loaded),
    context.engineer(command.engineerId),
  ]).then(([view, record]) => {
    const events = agendaAggregate.decider.decide(
      { ...command, defined: record !== null },
      view.state,
    );
    return { first: weekGuards(view), decide: () => events };
  });
}

/** RecordAbsence and CancelAbsence, through the pipeline's load → decide → append. */
export async function handleAgendaCommand(
  handling: Handling,
  context: DecisionContext,
  payload: Readonly<Record<string, unknown>>,
  type: string,
  envelope: EnvelopeFields,
): Promise<AggregateResult> {
  const appended = await handleCommand(
    handling,
    agendaAggregate.streamOf(payload),
    agendaAggregate.decider,
    envelope,
    async (loaded) => {
      const command = {
        ...payload,
        type,
        at: envelope.occurredAt,
        actor: envelope.actor,
        ...previousAt(loaded.lastOccurredAt),
      };
      if (!agendaAggregate.owns(command))
        throw new Error(`${type} is not a command of the agenda aggregate`);
      return absenceDecision(context, command, loaded);
    },
  );
  return aggregateResult(agendaAggregate.name, appended, envelope);
}
