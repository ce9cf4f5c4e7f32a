import { canSubmitIdea, IdeaSubmitSchema, putIdea } from '@convene/shared';
import { newId } from '../auth/tokens.ts';
import type { IdeaRow } from '../store/store.ts';
import { ideaForDoc } from '../sync/room.ts';
import { CommandError, defineCommand } from './commandBus.ts';

export const ideaSubmit = defineCommand({
  name: 'idea:submit',
  schema: IdeaSubmitSchema,
  roles: ['participant', 'facilitator'],
  run({ session, store, now }, p) {
    const question = store.question(session.workshopId, p.questionId);
    if (!question) throw new CommandError('unknown_question', 'No such question in this workshop');
    if (!canSubmitIdea(question.phase)) {
      throw new CommandError(
        'wrong_phase',
        `Ideas are accepted only while submissions are open (now: ${question.phase})`,
      );
    }
    const row: IdeaRow = {
      id: newId(),
      workshopId: session.workshopId,
      questionId: question.id,
      participantId: session.participantId,
      seq: store.nextIdeaSeq(session.workshopId),
      text: p.text,
      actor: p.actor || null,
      nextStep: p.nextStep || null,
      status: 'visible',
      createdAt: now(),
    };
    store.insertIdea(row);
    return { reply: { ideaId: row.id }, apply: (room) => putIdea(room.doc, ideaForDoc(row)) };
  },
});
