import type {
  BallotReply,
  Empty,
  IdeaEdit,
  IdeaHide,
  IdeaMerge,
  IdeaRestore,
  IdeasReveal,
  IdeaWithdraw,
  OwnIdea,
  QuestionMode,
  RoundStart,
  TimerAdd,
  TimerStart,
  Vote,
  VoteConfigure,
  VoteMine,
} from './commands.ts';
import type { ErrorBody } from './errors.ts';
import type { IdeaSubmit, PhaseSet } from './schemas.ts';
import type {
  SenseBelong,
  SenseBelongReply,
  SenseName,
  SenseNameReply,
  SenseSuggest,
  SenseSuggestReply,
} from './sense.ts';

/** Roles a token can carry. */
export const ROLES = ['facilitator', 'rapporteur', 'projector', 'participant'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may write to the workshop's Y.Doc directly. */
export function isDocWriter(role: Role): boolean {
  return role === 'facilitator' || role === 'rapporteur';
}

/** A failed acknowledgement. */
export interface AckError {
  ok: false;
  error: ErrorBody;
}

/** Every acknowledgement: success with a payload, or an error. */
export type Ack<T extends object = Record<never, never>> = ({ ok: true } & T) | AckError;

/** Commands a client may send, with their payload and acknowledgement. */
export interface CommandMap {
  'idea:submit': { payload: IdeaSubmit; reply: { ideaId: string } };
  'phase:set': { payload: PhaseSet; reply: { phase: PhaseSet['phase'] } };
  'question:mode': { payload: QuestionMode; reply: { mode: QuestionMode['mode'] } };
  'ideas:reveal': { payload: IdeasReveal; reply: { revealed: number } };
  'idea:edit': { payload: IdeaEdit; reply: { ideaId: string } };
  'idea:withdraw': { payload: IdeaWithdraw; reply: { ideaId: string } };
  'idea:hide': { payload: IdeaHide; reply: { ideaId: string } };
  'idea:restore': { payload: IdeaRestore; reply: { ideaId: string } };
  'idea:merge': { payload: IdeaMerge; reply: { ideaId: string } };
  'idea:mine': { payload: Empty; reply: { ideas: OwnIdea[] } };
  'vote:configure': {
    payload: VoteConfigure;
    reply: { budget: number; maxPerIdea: number; topN: number | null };
  };
  'round:start': {
    payload: RoundStart;
    reply: { roundId: string; number: number; candidates: string[] };
  };
  'vote:cast': { payload: Vote; reply: { remaining: number } };
  'vote:retract': { payload: Vote; reply: { remaining: number } };
  'vote:mine': { payload: VoteMine; reply: BallotReply };
  'timer:start': { payload: TimerStart; reply: { endsAt: number } };
  'timer:pause': { payload: Empty; reply: { remainingMs: number } };
  'timer:resume': { payload: Empty; reply: { endsAt: number } };
  'timer:add': { payload: TimerAdd; reply: { remainingMs: number } };
  'timer:stop': { payload: Empty; reply: Record<never, never> };
  'clock:sync': { payload: Empty; reply: { now: number } };
  // Sense queries (issue 13, clustering help): read-only, facilitator and rapporteur.
  'sense:suggest': { payload: SenseSuggest; reply: SenseSuggestReply };
  'sense:belong': { payload: SenseBelong; reply: SenseBelongReply };
  'sense:name': { payload: SenseName; reply: SenseNameReply };
}
export type CommandName = keyof CommandMap;

/** What the server tells a socket about itself right after it connects. */
export interface SessionInfo {
  workshopId: string;
  role: Role;
  participantId: string | null;
}

/** Facts the server pushes to sockets (past tense). */
export interface ServerEvents {
  'session:ready': (info: SessionInfo) => void;
  'presence:changed': (presence: { participants: number }) => void;
}

/** socket.io's view of client → server events. */
export type ClientEvents = {
  [K in CommandName]: (
    payload: CommandMap[K]['payload'],
    ack: (reply: Ack<CommandMap[K]['reply']>) => void,
  ) => void;
};
