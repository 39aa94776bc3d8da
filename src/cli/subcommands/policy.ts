import { randomUUID } from 'node:crypto';
import type { CliCommand } from '../shared/command.js';
import { actorOption, openExisting, openOrCreate, stringOption } from '../shared/context.js';
import { checkCommandLine } from '../shared/command-line-command.js';
import { UsageError } from '../shared/errors.js';
import { entriesIn } from '../../domain/shared/persistent-map.js';

const actions = ['show', 'acceptance', 'time-zone'] as const;

/**
 * The organisation's policies, recorded as events (issue 14, items 6 and 7): whether solved
 * calls close only after the customer's acceptance (D3, per company or contract), and the
 * zone whose calendar day requests, bookings and master-data days are judged in.
 */
export const policy: CliCommand = {
  name: 'policy',
  summary: 'Policies recorded as events: customer acceptance (D3), the organisation time zone',
  usage: 'callstream policy ACTION [options]',
  actions: [
    { name: 'show', summary: 'The policies in force', usage: 'callstream policy show' },
    {
      name: 'acceptance',
      summary:
        'Whether a solved call closes only after the customer accepts (D3), for the company or one contract',
      usage: 'callstream policy acceptance required|not-required [--contract ID]',
    },
    {
      name: 'time-zone',
      summary: 'The zone whose calendar day requests, bookings and master-data days are judged in',
      usage: 'callstream policy time-zone ZONE',
    },
  ],
  options: {
    contract: {
      type: 'string',
      description: 'acceptance: the contract whose own rule this is (default: the company rule)',
    },
    actor: { type: 'string', description: 'who acts, ID:ROLE (default operator:supervisor)' },
  },
  positionals: 2,
  async run(ctx) {
    const [action, value] = ctx.positionals as [
      (typeof actions)[number] | undefined,
      string | undefined,
    ];
    if (!action || !actions.includes(action)) throw new UsageError(`Which? ${actions.join(', ')}`);
    if (action === 'show') {
      const callstream = await openExisting(ctx.options);
      try {
        const organisation = await callstream.pipeline.currentOrganisation();
        const shown = {
          acceptanceRequired: organisation.acceptanceRequired ?? false,
          // In contract order: the map's own order is its hashes'.
          contractAcceptance: Object.fromEntries(
            [...entriesIn(organisation.contractAcceptance)].sort(([a], [b]) => (a < b ? -1 : 1)),
          ),
          timeZone: organisation.timeZone ?? 'UTC',
        };
        ctx.out.result(shown, () =>
          [
            `Customer acceptance before closing: ${shown.acceptanceRequired ? 'required' : 'not required'}`,
            ...Object.entries(shown.contractAcceptance).map(
              ([contract, required]) =>
                `  contract ${contract}: ${required ? 'required' : 'not required'}`,
            ),
            `Time zone of calendar days: ${shown.timeZone}`,
          ].join('\n'),
        );
      } finally {
        await callstream.close();
      }
      return;
    }
    if (value === undefined)
      throw new UsageError(
        action === 'acceptance'
          ? 'policy acceptance required|not-required'
          : 'policy time-zone ZONE (e.g. Europe/Paris)',
      );
    if (action === 'acceptance' && value !== 'required' && value !== 'not-required')
      throw new UsageError('policy acceptance takes required or not-required');
    const contractId = stringOption(ctx, 'contract');
    const command =
      action === 'acceptance'
        ? {
            type: 'SetAcceptancePolicy' as const,
            required: value === 'required',
            ...(contractId ? { contractId } : {}),
          }
        : { type: 'SetTimeZone' as const, timeZone: value };
    // A fresh id: setting a policy back and forth is a new decision each time.
    const issued = {
      ...command,
      commandId: randomUUID(),
      actor: actorOption(ctx, 'operator:supervisor'),
    };
    checkCommandLine(issued, { timeZone: 'ZONE', contractId: '--contract' });
    const callstream = await openOrCreate(ctx.options);
    try {
      const result = await callstream.execute(issued);
      ctx.out.result({ ...command, position: result.position.toString() }, () =>
        action === 'acceptance'
          ? `Customer acceptance before closing is now ${value === 'required' ? 'required' : 'not required'}${contractId ? ` for contract ${contractId}` : ' (company rule)'}.`
          : `Calendar days are now judged in ${value}.`,
      );
    } finally {
      await callstream.close();
    }
  },
};
