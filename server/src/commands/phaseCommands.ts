import { defineCommand } from './commandBus.ts';
import { requireQuestion } from './ideaCommands.ts';
import { changePhase } from './questionFlow.ts';

export const phaseSet = defineCommand('phase:set', {
  run({ session, store, doc, now, timerChanged }, p) {
    const question = requireQuestion(store, session.workshopId, p.questionId);
    const apply = changePhase(store, doc, session.workshopId, question, p.phase, now());
    return {
      reply: { phase: p.phase },
      apply: (room) => {
        apply(room);
        // A timer the move stopped must not fire later and advance a phase it never timed.
        timerChanged(session.workshopId);
      },
    };
  },
});
