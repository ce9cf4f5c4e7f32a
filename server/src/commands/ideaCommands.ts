import { canEditOwnIdea, canSubmitIdea, LIMITS, type OwnIdea, unionOrigins } from '@convene/shared';
import { newId } from '../auth/tokens.ts';
import type { IdeaRow, Store } from '../store/store.ts';
import {
  projectIdea,
  projectNewIdea,
  projectQuestion,
  projectQuestionStats,
} from '../sync/projection.ts';
import type { Room } from '../sync/room.ts';
import { type CommandContext, CommandError, defineCommand } from './commandBus.ts';
import { lensesOf, tagsFromEdit, tagsFromSubmit } from './lensCommands.ts';
import { revealHidden } from './questionFlow.ts';

export function requireQuestion(store: Store, workshopId: string, questionId: string) {
  const q = store.question(workshopId, questionId);
  if (!q) throw new CommandError('unknown_question', 'No such question in this workshop');
  return q;
}

function requireIdea({ store, session }: CommandContext, ideaId: string): IdeaRow {
  const idea = store.idea(session.workshopId, ideaId);
  if (!idea) throw new CommandError('unknown_idea', 'No such idea in this workshop');
  return idea;
}

/** The author may change their own idea until clustering starts; a facilitator any time. */
export function requireEditable(ctx: CommandContext, idea: IdeaRow): void {
  if (ctx.session.role === 'facilitator') return;
  if (!ctx.session.participantId || idea.participantId !== ctx.session.participantId) {
    throw new CommandError('not_your_idea', 'Only the author can change this idea');
  }
  const q = requireQuestion(ctx.store, ctx.session.workshopId, idea.questionId);
  if (!canEditOwnIdea(q.phase)) {
    throw new CommandError('wrong_phase', 'Ideas can be changed only until clustering starts');
  }
}

const onBoardOrWaiting = (idea: IdeaRow) => idea.status === 'visible' || idea.status === 'hidden';

export const ideaSubmit = defineCommand('idea:submit', {
  run({ session, store, now }, p) {
    const question = requireQuestion(store, session.workshopId, p.questionId);
    if (!canSubmitIdea(question.phase)) {
      throw new CommandError(
        'wrong_phase',
        `Ideas are accepted only while submissions are open (now: ${question.phase})`,
      );
    }
    // The author's ideas for this question that count (read by author and question): the limit
    // per person, and whether this one makes them a submitter.
    const before = session.participantId
      ? store.authorIdeaCount(question.id, session.participantId)
      : 0;
    if (before >= LIMITS.ideasPerParticipantPerQuestion) {
      throw new CommandError(
        'too_many_ideas',
        `At most ${LIMITS.ideasPerParticipantPerQuestion} ideas per person per question`,
      );
    }
    const tags = tagsFromSubmit(() => lensesOf(store, session.workshopId), p);
    const row: IdeaRow = {
      id: newId(),
      workshopId: session.workshopId,
      questionId: question.id,
      participantId: session.participantId,
      seq: store.nextIdeaSeq(session.workshopId),
      text: p.text,
      actor: p.actor || null,
      nextStep: p.nextStep || null,
      // Hidden mode: the text stays on the server until the facilitator reveals.
      status: question.mode === 'hidden' ? 'hidden' : 'visible',
      createdAt: now(),
      commandId: p.commandId ?? null,
      mergedInto: null,
      moderationReason: null,
      originalText: null,
      updatedAt: null,
      ...tags,
    };
    store.insertIdea(row);
    return {
      reply: { ideaId: row.id },
      apply: (room) => {
        projectNewIdea(room.doc, row);
        projectQuestionStats(store, room.doc, row.questionId, {
          hiddenCount: row.status === 'hidden',
          submitters: row.participantId !== null && before === 0,
        });
      },
    };
  },
});

export const ideaEdit = defineCommand('idea:edit', {
  run(ctx, p) {
    const idea = requireIdea(ctx, p.ideaId);
    requireEditable(ctx, idea);
    if (!onBoardOrWaiting(idea)) {
      throw new CommandError('unknown_idea', `This idea is ${idea.status} and cannot be edited`);
    }
    const isCorrection = ctx.session.role === 'facilitator' && idea.participantId !== null;
    const next: IdeaRow = {
      ...idea,
      text: p.text,
      actor: p.actor === undefined ? idea.actor : p.actor || null,
      nextStep: p.nextStep === undefined ? idea.nextStep : p.nextStep || null,
      // A facilitator's correction keeps the author's words for the record.
      originalText: isCorrection && idea.originalText === null ? idea.text : idea.originalText,
      updatedAt: ctx.now(),
      ...tagsFromEdit(lensesOf(ctx.store, ctx.session.workshopId), idea, p),
    };
    ctx.store.updateIdea(next);
    ctx.store.setIdeaTags(next.id, next);
    return {
      reply: { ideaId: idea.id },
      apply: (room) => projectIdea(ctx.store, room.doc, next),
    };
  },
});

/**
 * The projection of an idea whose status changed: the idea, and the question's counts the change
 * can move (a hidden idea leaving moves `hiddenCount`; an author's last idea leaving moves
 * `submitters`).
 */
function statusChanged(
  store: Store,
  next: IdeaRow,
  moves: { hiddenCount: boolean; submitters: boolean },
): (room: Room) => void {
  return (room) => {
    projectIdea(store, room.doc, next);
    projectQuestionStats(store, room.doc, next.questionId, moves);
  };
}

export const ideaWithdraw = defineCommand('idea:withdraw', {
  run(ctx, p) {
    const idea = requireIdea(ctx, p.ideaId);
    requireEditable(ctx, idea);
    if (idea.status === 'withdrawn') return { reply: { ideaId: idea.id } };
    if (!onBoardOrWaiting(idea)) {
      throw new CommandError('unknown_idea', `This idea is ${idea.status} and cannot be withdrawn`);
    }
    const next: IdeaRow = { ...idea, status: 'withdrawn', updatedAt: ctx.now() };
    ctx.store.updateIdea(next);
    // The author stops being a submitter with the withdrawal of their last idea here.
    const author = idea.participantId;
    const wasLast = author !== null && ctx.store.authorIdeaCount(idea.questionId, author) === 0;
    return {
      reply: { ideaId: idea.id },
      apply: statusChanged(ctx.store, next, {
        hiddenCount: idea.status === 'hidden',
        submitters: wasLast,
      }),
    };
  },
});

export const ideaHide = defineCommand('idea:hide', {
  run(ctx, p) {
    const idea = requireIdea(ctx, p.ideaId);
    if (!onBoardOrWaiting(idea)) {
      throw new CommandError('unknown_idea', `This idea is ${idea.status} and cannot be hidden`);
    }
    const next: IdeaRow = {
      ...idea,
      status: 'moderated',
      moderationReason: p.reason,
      updatedAt: ctx.now(),
    };
    ctx.store.updateIdea(next);
    return {
      reply: { ideaId: idea.id },
      // A moderated idea still counts its author as a submitter (only withdrawal does not).
      apply: statusChanged(ctx.store, next, {
        hiddenCount: idea.status === 'hidden',
        submitters: false,
      }),
    };
  },
});

export const ideaRestore = defineCommand('idea:restore', {
  run(ctx, p) {
    const idea = requireIdea(ctx, p.ideaId);
    if (idea.status !== 'moderated') {
      throw new CommandError('unknown_idea', 'Only a moderated idea can be restored');
    }
    const next: IdeaRow = { ...idea, status: 'visible', updatedAt: ctx.now() };
    ctx.store.updateIdea(next);
    return {
      reply: { ideaId: idea.id },
      // Moderated to visible moves neither count: it was not hidden, and it counted its author.
      apply: (room) => projectIdea(ctx.store, room.doc, next),
    };
  },
});

export const ideaMerge = defineCommand('idea:merge', {
  run(ctx, p) {
    if (p.ideaId === p.intoId) {
      throw new CommandError('invalid_payload', 'An idea cannot be merged into itself');
    }
    const source = requireIdea(ctx, p.ideaId);
    const target = requireIdea(ctx, p.intoId);
    if (source.questionId !== target.questionId) {
      throw new CommandError('invalid_payload', 'Ideas of different questions cannot be merged');
    }
    if (source.status !== 'visible' || target.status !== 'visible') {
      throw new CommandError('unknown_idea', 'Only ideas on the board can be merged');
    }
    const now = ctx.now();
    const merged: IdeaRow = { ...source, status: 'merged', mergedInto: target.id, updatedAt: now };
    ctx.store.updateIdea(merged);
    // Ideas merged into the source follow it to the target.
    for (const other of ctx.store.ideasMergedInto(ctx.session.workshopId, source.id)) {
      ctx.store.updateIdea({ ...other, mergedInto: target.id, updatedAt: now });
    }
    // Consolidation (issue 15): the surviving idea came from every workshop either one did.
    const origins = unionOrigins(target.origins ?? [], source.origins ?? []);
    if (origins.length !== (target.origins ?? []).length) {
      ctx.store.setIdeaOrigins(ctx.session.workshopId, target.id, origins);
    }
    const open = ctx.store.openRound(source.questionId);
    if (open) ctx.store.moveVotes(open.id, source.id, target.id);
    return {
      reply: { ideaId: target.id },
      apply: (room) => {
        const q = ctx.store.question(ctx.session.workshopId, source.questionId);
        if (q) projectQuestion(ctx.store, room.doc, q);
      },
    };
  },
});

export const ideaMine = defineCommand('idea:mine', {
  run({ session, store }) {
    const ideas: OwnIdea[] = session.participantId
      ? store.ideasOfParticipant(session.workshopId, session.participantId).map((i) => ({
          id: i.id,
          questionId: i.questionId,
          text: i.text,
          actor: i.actor,
          nextStep: i.nextStep,
          // A moderated or merged idea is shown to its author as what it is; hidden means
          // "waiting for reveal".
          status: i.status,
          commandId: i.commandId,
          countries: i.countries,
          pbc: i.pbc,
          tags: i.tags,
        }))
      : [];
    return { reply: { ideas } };
  },
});

export const questionMode = defineCommand('question:mode', {
  run({ session, store, now }, p) {
    const q = requireQuestion(store, session.workshopId, p.questionId);
    store.setMode(session.workshopId, q.id, p.mode);
    // Back to open: what was waiting is published, or it would be stuck.
    if (p.mode === 'open') revealHidden(store, session.workshopId, q.id, now());
    return {
      reply: { mode: p.mode },
      apply: (room) => {
        const fresh = store.question(session.workshopId, q.id);
        if (fresh) projectQuestion(store, room.doc, fresh);
      },
    };
  },
});

export const ideasReveal = defineCommand('ideas:reveal', {
  run({ session, store, now }, p) {
    const q = requireQuestion(store, session.workshopId, p.questionId);
    const revealed = revealHidden(store, session.workshopId, q.id, now());
    return {
      reply: { revealed },
      apply: (room) => projectQuestion(store, room.doc, q),
    };
  },
});

// ---- Points of debate (issue 13, helper B) ----

/**
 * Marks an idea contested ("views differed") with an optional one-line note of the positions,
 * or unmarks it. Only an idea on the board: a hidden idea is not visible yet (marking it would
 * tell the doc, and so the room, that it exists and was discussed before reveal), and a
 * withdrawn, moderated or merged one is no longer on the board to be debated.
 */
export const ideaContest = defineCommand('idea:contest', {
  run(ctx, p) {
    const idea = requireIdea(ctx, p.ideaId);
    if (idea.status === 'hidden') {
      throw new CommandError(
        'unknown_idea',
        'This idea is hidden until the facilitator reveals it; it can be marked contested once it is on the board',
      );
    }
    if (idea.status !== 'visible') {
      throw new CommandError(
        'unknown_idea',
        `This idea is ${idea.status} and cannot be marked contested`,
      );
    }
    const note = p.contested ? p.note || null : null;
    ctx.store.setContest(ctx.session.workshopId, idea.id, p.contested, note);
    const next: IdeaRow = { ...idea, contested: p.contested, contestNote: note };
    return {
      reply: { ideaId: idea.id, contested: p.contested },
      apply: (room) => projectIdea(ctx.store, room.doc, next),
    };
  },
});
