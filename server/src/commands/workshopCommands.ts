import { projectWorkshopDetails } from '../sync/projection.ts';
import { CommandError, defineCommand } from './commandBus.ts';

/**
 * `workshop:update` — the facilitator sets what the brief says about the workshop (issue 14):
 * its language, co-organisers, number in the series, participants by type, context, the
 * organiser's list of names and the questions' short titles. An absent field is kept; null
 * (or an empty text or list) clears it. The list of names is stored only: screens and exports
 * never see it. `PATCH /api/workshops/:id` runs this same command.
 */
export const workshopUpdate = defineCommand('workshop:update', {
  run({ session, store }, p) {
    const workshopId = session.workshopId;
    const w = store.workshop(workshopId);
    if (!w) throw new CommandError('not_found', 'This workshop no longer exists');
    const titles = Object.entries(p.shortTitles ?? {});
    const known = new Set(store.questions(workshopId).map((q) => q.id));
    const unknown = titles.find(([id]) => !known.has(id));
    if (unknown) {
      throw new CommandError(
        'unknown_question',
        `shortTitles: ${unknown[0]} is not a question here`,
      );
    }
    store.setDetails(workshopId, {
      language: p.language ?? w.language,
      organisers: p.organisers === undefined ? w.organisers : (p.organisers ?? []),
      seriesNumber: p.seriesNumber === undefined ? w.seriesNumber : p.seriesNumber,
      participantTypes: p.participantTypes === undefined ? w.participantTypes : p.participantTypes,
      context: p.context === undefined ? w.context : p.context || null,
    });
    if (p.participantList !== undefined) {
      store.setParticipantList(workshopId, p.participantList ?? []);
    }
    for (const [questionId, title] of titles) {
      store.setShortTitle(workshopId, questionId, title || null);
    }
    const updated = Object.keys(p).filter((k) => k !== 'commandId');
    return {
      reply: { updated },
      apply: (room) => projectWorkshopDetails(store, room.doc, workshopId),
    };
  },
});
