import { type CreateWorkshop, type Role, workshopSettingsOf } from '@convene/shared';
import { hashToken, newId, newJoinCode, newToken } from '../auth/tokens.ts';
import { CommandError } from '../commands/commandBus.ts';
import type { Store } from '../store/store.ts';

export interface CreatedRecord {
  id: string;
  joinCode: string;
  tokens: Record<Exclude<Role, 'participant'>, string>;
  questions: { id: string; prompt: string }[];
}

/** Creates a workshop, its questions and its role tokens in one transaction. */
export function createWorkshop(
  store: Store,
  input: CreateWorkshop,
  now = new Date(),
): CreatedRecord {
  return store.transaction(() => {
    const id = newId();
    let joinCode = newJoinCode();
    while (store.isJoinCodeTaken(joinCode)) joinCode = newJoinCode();
    const createdAt = now.toISOString();
    store.insertWorkshop({
      id,
      joinCode,
      ...workshopSettingsOf(input),
      createdAt,
      // The brief's details (issue 14); the organiser's list of names is kept apart.
      language: input.language ?? 'en',
      organisers: input.organisers ?? [],
      seriesNumber: input.seriesNumber ?? null,
      participantTypes: input.participantTypes ?? null,
      context: input.context || null,
      lenses: input.lenses ?? null,
    });
    if (input.participantList?.length) store.setParticipantList(id, input.participantList);
    const questions = input.questions.map((q, position) => {
      const qid = newId();
      store.insertQuestion({
        id: qid,
        workshopId: id,
        position,
        prompt: q.prompt,
        plannedMinutes: q.plannedMinutes ?? null,
        phase: 'lobby',
      });
      if (q.shortTitle) store.setShortTitle(id, qid, q.shortTitle);
      return { id: qid, prompt: q.prompt };
    });
    const first = questions[0];
    if (first) store.setCurrentQuestion(id, first.id);
    const tokens = insertRoleTokens(store, id, createdAt);
    return { id, joinCode, tokens, questions };
  });
}

/** The screen roles' first links of a new workshop (call inside its creating transaction). */
export function insertRoleTokens(
  store: Store,
  workshopId: string,
  createdAt: string,
): CreatedRecord['tokens'] {
  const tokens = {
    facilitator: newToken(),
    rapporteur: newToken(),
    projector: newToken(),
  };
  for (const [role, token] of Object.entries(tokens) as [Role, string][]) {
    store.insertToken({ hash: hashToken(token), workshopId, role, participantId: null }, createdAt);
  }
  return tokens;
}

/** Registers a participant and returns their token. */
export function joinWorkshop(
  store: Store,
  workshopId: string,
  name: string | null,
  now = new Date(),
): { participantId: string; participantToken: string } {
  return store.transaction(() => {
    const participantId = newId();
    const participantToken = newToken();
    const createdAt = now.toISOString();
    store.insertParticipant(participantId, workshopId, name, createdAt);
    store.insertToken(
      { hash: hashToken(participantToken), workshopId, role: 'participant', participantId },
      createdAt,
    );
    return { participantId, participantToken };
  });
}

/**
 * A new token for a role of an existing workshop (earlier ones stay valid). A facilitator link
 * is minted only from the series page (issue 15), whose token already opens the whole series.
 */
export function mintRoleToken(
  store: Store,
  workshopId: string,
  role: 'projector' | 'rapporteur' | 'facilitator',
  now = new Date(),
): string {
  const token = newToken();
  store.insertToken(
    { hash: hashToken(token), workshopId, role, participantId: null },
    now.toISOString(),
  );
  return token;
}

/**
 * Refuses a new `role` link when the workshop has `max` live ones (inside the write that mints
 * it: the count and the new row are one decision).
 */
export function refuseTooManyLinks(
  store: Store,
  workshopId: string,
  role: Role,
  max: number | undefined,
): void {
  if (max !== undefined && store.liveTokenCount(workshopId, role) >= max) {
    throw new CommandError(
      'too_many_links',
      `This workshop has ${max} live ${role} links; revoke them to make new ones`,
    );
  }
}
