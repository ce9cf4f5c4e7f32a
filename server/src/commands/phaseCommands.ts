import { ORIGINS, PhaseSetSchema, setCurrentQuestion, setQuestionPhase } from '@convene/shared';
import { CommandError, defineCommand } from './commandBus.ts';

export const phaseSet = defineCommand({
  name: 'phase:set',
  schema: PhaseSetSchema,
  roles: ['facilitator'],
  run({ session, store }, p) {
    const question = store.question(session.workshopId, p.questionId);
    if (!question) throw new CommandError('unknown_question', 'No such question in this workshop');
    store.setPhase(session.workshopId, question.id, p.phase);
    store.setCurrentQuestion(session.workshopId, question.id);
    return {
      reply: { phase: p.phase },
      apply: (room) =>
        room.doc.transact(() => {
          setQuestionPhase(room.doc, question.id, p.phase);
          setCurrentQuestion(room.doc, question.id);
        }, ORIGINS.command),
    };
  },
});
