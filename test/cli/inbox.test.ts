/**
 * The inbox as an agent reads it (A6, B1): a request refused by the validation and then
 * accepted or declined says what finally became of it, not the refusal it got on the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { acmeInParis, commandLine } from '../support/cli-history.js';
import { temporaryDatabase } from '../support/files.js';

const tmp = temporaryDatabase();
const db = tmp.path;
afterAll(() => tmp.remove());

const sam = { id: 'sam', role: 'supervisor' };
const ann = { id: 'ann', role: 'agent' };
const mail = { id: 'mail-parser', role: 'system' };
const line = commandLine;

const submit = (requestId: string, at: string, email: string) =>
  line(sam, at, 'SubmitRequest', {
    requestId,
    channel: 'web-form',
    sender: { email },
    summary: `Request ${requestId}`,
    body: 'The printer is down',
    service: 'remote-support',
    siteId: 'paris',
  });

describe('callstream inbox (real child process)', () => {
  beforeAll(async () => {
    const commands = [
      ...acmeInParis({ contractId: 'acme-2026', until: '2026-12-31', service: 'remote-support' }),
      submit('r1', '2026-01-05T09:00:00Z', 'jo@acme.example'),
      submit('r2', '2026-01-05T09:01:00Z', 'stranger@example.com'),
      line(ann, '2026-01-05T10:00:00Z', 'AcceptRequest', { requestId: 'r1' }),
      line(ann, '2026-01-05T10:01:00Z', 'AcceptRequest', { requestId: 'r2' }),
      // Jo works at Acme after all: once known, her request is taken on.
      line(sam, '2026-01-05T10:02:00Z', 'AddIdentifier', {
        customerId: 'acme',
        identifier: { kind: 'email', value: 'jo@acme.example' },
      }),
      line(ann, '2026-01-05T10:03:00Z', 'AcceptRequest', { requestId: 'r1' }),
      line(ann, '2026-01-05T10:04:00Z', 'DeclineRequest', {
        requestId: 'r2',
        reason: 'Not a customer',
      }),
      line(sam, '2026-01-05T11:00:00Z', 'SubmitRequest', {
        requestId: 'r3',
        channel: 'email',
        sender: { email: 'jo@acme.example' },
        summary: 'About C-000001',
        body: 'It jams on tray 2 too',
      }),
      // E-mail is accepted at once; what it cannot accept (uncovered work) waits for an agent.
      line(sam, '2026-01-05T12:00:00Z', 'SetInboxes', { mode: 'shared', autoAccept: ['email'] }),
      line(mail, '2026-01-05T12:01:00Z', 'SubmitRequest', {
        requestId: 'r4',
        channel: 'email',
        sender: { email: 'jo@acme.example' },
        summary: 'Copier broken',
        body: 'Please send someone',
        service: 'on-site-repair',
        siteId: 'paris',
      }),
    ].join('\n');
    const run = await cli(['exec', '--db', db], { input: `${commands}\n` });
    expect(run.stderr).toBe('');
    // The two first acceptances are refusals recorded on their requests, not refused commands.
    expect(run.code).toBe(0);
  }, childProcessBudget(1));

  it(
    'shows what became of a request refused on the way: its call, or its decline',
    async () => {
      const run = await cli(['inbox', '--status', 'accepted,declined', '--db', db]);
      expect(run.code).toBe(0);
      const rows = run.stdout.split('\n').filter((row) => /^r\d/.test(row));
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatch(/call C-000001\s*$/);
      expect(rows[1]).toMatch(/declined: Not a customer\s*$/);
      expect(run.stdout).not.toMatch(/refused/);
      const joined = await cli(['inbox', '--status', 'joined', '--db', db]);
      expect(joined.stdout).toMatch(/^r3 .*follow-up on C-000001\s*$/m);
      const none = await cli(['inbox', '--status', 'refused', '--db', db]);
      expect(none.stdout.trim()).toBe('No refused request.');
    },
    childProcessBudget(3),
  );

  it(
    'refuses an inbox no request can wait in, as it refuses an unknown status',
    async () => {
      const typo = await cli(['inbox', '--inbox', 'emial', '--db', db]);
      expect(typo.code).toBe(2);
      expect(typo.stdout).toBe('');
      expect(typo.stderr).toMatch(/--inbox takes shared or a channel: .*email/);
      const shared = await cli(['inbox', '--inbox', 'shared', '--status', 'accepted', '--db', db]);
      expect(shared.code).toBe(0);
      expect(shared.stdout).toMatch(/call C-000001/);
    },
    childProcessBudget(2),
  );

  it(
    'says why a request the system could not accept at once waits for an agent',
    async () => {
      const run = await cli(['inbox', '--db', db]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^r4 .*waiting: ChargeableWorkNotConfirmed\s*$/m);
      const rows = json<{
        rows: Array<{ requestId: string; waitingFor: { code: string } | null }>;
      }>(await cli(['inbox', '--db', db, '--json'])).rows;
      expect(rows).toMatchObject([
        { requestId: 'r4', waitingFor: { code: 'ChargeableWorkNotConfirmed' } },
      ]);
    },
    childProcessBudget(2),
  );
});
