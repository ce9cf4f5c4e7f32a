import {
  readClusters,
  readPlacement,
  type SenseBelongReply,
  type SenseIdea,
  type SenseNameReply,
  type SenseSuggestReply,
} from '@convene/shared';
import { RenderTimeoutError, senseOffThread } from '../export/renderPool.ts';
import { SENSE_LIMITS, type SenseJob } from '../export/senseJobs.ts';
import { type CommandContext, CommandError, defineOffThreadQuery } from './commandBus.ts';
import { requireQuestion } from './ideaCommands.ts';

/**
 * The sense queries (issue 13, clustering help that never moves a card): read-only, for the
 * facilitator and the rapporteur. The main thread reads the question's visible ideas from the
 * store (hidden, withdrawn, moderated and merged ones never leave SQL) and where they sit from
 * the room's doc (clusters are the facilitator's, in the doc only); the worker computes.
 */

interface QuestionIdeas {
  ideas: SenseIdea[];
  language: 'en' | 'fr' | 'es';
  /** Visible idea id → its cluster in this question (null: unclustered). */
  placement: Map<string, string | null>;
}

function questionIdeas(ctx: CommandContext, questionId: string): QuestionIdeas {
  const { store, session, doc } = ctx;
  requireQuestion(store, session.workshopId, questionId);
  const rows = store.visibleIdeasOf(session.workshopId, questionId);
  const placed = readPlacement(doc);
  return {
    ideas: rows.map((r) => ({ id: r.id, text: r.text, actor: r.actor, nextStep: r.nextStep })),
    // The workshop's row reads its language (English when unset).
    language: store.workshop(session.workshopId)?.language ?? 'en',
    placement: new Map(rows.map((r) => [r.id, placed.get(r.id) ?? null])),
  };
}

function unclusteredOf(q: QuestionIdeas): string[] {
  return q.ideas.filter((i) => q.placement.get(i.id) === null).map((i) => i.id);
}

/** The worker's answer, or a refusal the client can act on when it ran past its limit. */
async function compute<R>(job: SenseJob): Promise<R> {
  try {
    const { kind: _kind, ...reply } = await senseOffThread(job);
    return reply as R;
  } catch (err) {
    if (err instanceof RenderTimeoutError) {
      throw new CommandError('render_timeout', 'The suggestions took too long and were stopped');
    }
    throw err;
  }
}

export const senseSuggest = defineOffThreadQuery('sense:suggest', {
  run(ctx, p) {
    const q = questionIdeas(ctx, p.questionId);
    const job: Extract<SenseJob, { kind: 'sense:suggest' }> = {
      kind: 'sense:suggest',
      ideas: q.ideas,
      language: q.language,
      unclustered: unclusteredOf(q),
    };
    return { reply: job };
  },
  finish: (job) => compute<SenseSuggestReply>(job),
});

/**
 * The label the facilitator's screen gives a new cluster (client/src/i18n, EN/FR/ES): not a
 * name, so not a query ("groupe", "grupo" are words ideas use).
 */
const UNTITLED = new Set(['Untitled cluster', 'Groupe sans titre', 'Grupo sin título', '']);

export const senseBelong = defineOffThreadQuery('sense:belong', {
  run(ctx, p) {
    const q = questionIdeas(ctx, p.questionId);
    const cluster = readClusters(ctx.doc).find(
      (c) => c.id === p.clusterId && c.questionId === p.questionId,
    );
    if (!cluster) throw new CommandError('not_found', 'No such cluster in this question');
    const job: Extract<SenseJob, { kind: 'sense:belong' }> = {
      kind: 'sense:belong',
      ideas: q.ideas,
      language: q.language,
      cluster: q.ideas.filter((i) => q.placement.get(i.id) === cluster.id).map((i) => i.id),
      candidates: unclusteredOf(q),
      limit: SENSE_LIMITS.belong,
      ...(UNTITLED.has(cluster.label.trim()) ? {} : { name: cluster.label }),
    };
    return { reply: job };
  },
  finish: (job) => compute<SenseBelongReply>(job),
});

export const senseName = defineOffThreadQuery('sense:name', {
  run(ctx, p) {
    const q = questionIdeas(ctx, p.questionId);
    const visible = new Set(q.ideas.map((i) => i.id));
    // One answer for an unknown id and for an idea not (yet) on the board: nothing to learn.
    if (!p.ideaIds.every((id) => visible.has(id))) {
      throw new CommandError('unknown_idea', 'Every idea must be on the board of this question');
    }
    const job: Extract<SenseJob, { kind: 'sense:name' }> = {
      kind: 'sense:name',
      ideas: q.ideas,
      language: q.language,
      ideaIds: p.ideaIds,
    };
    return { reply: job };
  },
  finish: (job) => compute<SenseNameReply>(job),
});
