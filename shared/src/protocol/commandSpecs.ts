import type { z } from 'zod';
import {
  type BallotReply,
  EmptySchema,
  IdeaContestSchema,
  IdeaEditSchema,
  IdeaHideSchema,
  IdeaMergeSchema,
  IdeaRestoreSchema,
  IdeasRevealSchema,
  IdeaWithdrawSchema,
  type OwnIdea,
  QuestionModeSchema,
  RoundStartSchema,
  TimerAddSchema,
  TimerStartSchema,
  VoteConfigureSchema,
  VoteMineSchema,
  VoteSchema,
} from './commands.ts';
import { IdeaTagSchema, WorkshopLensesSchema } from './lenses.ts';
import type { Role } from './messages.ts';
import { IdeaSubmitSchema, PhaseSetSchema } from './schemas.ts';
import {
  type SenseBelongReply,
  SenseBelongSchema,
  type SenseNameReply,
  SenseNameSchema,
  type SenseSuggestReply,
  SenseSuggestSchema,
} from './sense.ts';
import { WorkshopUpdateSchema } from './workshopDetails.ts';

/**
 * Every socket command, declared once: its name, payload schema, the roles that may send it,
 * whether it is a query (changes nothing: its commandId is neither looked up nor recorded), and
 * its reply type. The client's command map (messages.ts `CommandMap`), the server's registry
 * (server/src/commands: each command adds only its rule) and the API docs' tables
 * (tests/unit/commandSpecs.test.ts compares docs/api.md with this list) all come from here.
 *
 * A new command: add it here, write its rule with `defineCommand('name', { run })` in
 * server/src/commands/, list it in server/src/commands/index.ts, and document it in docs/api.md.
 */

export interface CommandSpec<S extends z.ZodType = z.ZodType, R extends object = object> {
  schema: S;
  roles: readonly Role[];
  readOnly?: true;
  /** Phantom: carries the reply type; never set. */
  readonly reply?: R;
}

/** `spec<Reply>()(schema, roles)`: the reply type is given, the schema's type inferred. */
const spec =
  <R extends object>() =>
  <S extends z.ZodType>(schema: S, roles: readonly Role[], opts: { readOnly?: true } = {}) =>
    ({ schema, roles, ...opts }) as CommandSpec<S, R>;

const WRITERS = ['facilitator', 'rapporteur'] as const satisfies readonly Role[];
const EVERYONE = ['facilitator', 'rapporteur', 'projector', 'participant'] as const;
type IdeaReply = { ideaId: string };
type Nothing = Record<never, never>;

export const COMMAND_SPECS = {
  'idea:submit': spec<IdeaReply>()(IdeaSubmitSchema, ['participant', 'facilitator']),
  'idea:edit': spec<IdeaReply>()(IdeaEditSchema, ['participant', 'facilitator']),
  'idea:withdraw': spec<IdeaReply>()(IdeaWithdrawSchema, ['participant']),
  'idea:hide': spec<IdeaReply>()(IdeaHideSchema, ['facilitator']),
  'idea:restore': spec<IdeaReply>()(IdeaRestoreSchema, ['facilitator']),
  'idea:merge': spec<IdeaReply>()(IdeaMergeSchema, ['facilitator']),
  /** Points of debate (issue 13). */
  'idea:contest': spec<{ ideaId: string; contested: boolean }>()(IdeaContestSchema, WRITERS),
  'idea:mine': spec<{ ideas: OwnIdea[] }>()(EmptySchema, ['participant'], { readOnly: true }),
  'question:mode': spec<{ mode: z.infer<typeof QuestionModeSchema>['mode'] }>()(
    QuestionModeSchema,
    ['facilitator'],
  ),
  'ideas:reveal': spec<{ revealed: number }>()(IdeasRevealSchema, ['facilitator']),
  'phase:set': spec<{ phase: z.infer<typeof PhaseSetSchema>['phase'] }>()(PhaseSetSchema, [
    'facilitator',
  ]),
  'vote:configure': spec<{ budget: number; maxPerIdea: number; topN: number | null }>()(
    VoteConfigureSchema,
    ['facilitator'],
  ),
  'round:start': spec<{ roundId: string; number: number; candidates: string[] }>()(
    RoundStartSchema,
    ['facilitator'],
  ),
  'vote:cast': spec<{ remaining: number }>()(VoteSchema, ['participant']),
  'vote:retract': spec<{ remaining: number }>()(VoteSchema, ['participant']),
  'vote:mine': spec<BallotReply>()(VoteMineSchema, ['participant'], { readOnly: true }),
  'timer:start': spec<{ endsAt: number }>()(TimerStartSchema, ['facilitator']),
  'timer:pause': spec<{ remainingMs: number }>()(EmptySchema, ['facilitator']),
  'timer:resume': spec<{ endsAt: number }>()(EmptySchema, ['facilitator']),
  'timer:add': spec<{ remainingMs: number }>()(TimerAddSchema, ['facilitator']),
  'timer:stop': spec<Nothing>()(EmptySchema, ['facilitator']),
  'clock:sync': spec<{ now: number }>()(EmptySchema, EVERYONE, { readOnly: true }),
  // Sense queries (issue 13, clustering help): computed on the render worker.
  'sense:suggest': spec<SenseSuggestReply>()(SenseSuggestSchema, WRITERS, { readOnly: true }),
  'sense:belong': spec<SenseBelongReply>()(SenseBelongSchema, WRITERS, { readOnly: true }),
  'sense:name': spec<SenseNameReply>()(SenseNameSchema, WRITERS, { readOnly: true }),
  // Issue 14 (brief data): the brief's details.
  'workshop:update': spec<{ updated: string[] }>()(WorkshopUpdateSchema, ['facilitator']),
  // Lenses (issue 13).
  'idea:tag': spec<{ ideaIds: string[] }>()(IdeaTagSchema, [...WRITERS, 'participant']),
  'workshop:lenses': spec<Nothing>()(WorkshopLensesSchema, ['facilitator']),
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMAND_SPECS;

type ReplyOf<T> = T extends CommandSpec<z.ZodType, infer R> ? R : never;

/** Commands a client may send, with their payload and acknowledgement (from COMMAND_SPECS). */
export type CommandMap = {
  [N in CommandName]: {
    payload: z.infer<(typeof COMMAND_SPECS)[N]['schema']>;
    reply: ReplyOf<(typeof COMMAND_SPECS)[N]>;
  };
};
