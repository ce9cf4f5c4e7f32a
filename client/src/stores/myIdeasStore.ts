import type { IdeaSubmit, OwnIdea } from '@convene/shared';
import { create } from 'zustand';
import { randomId } from '../net/api.ts';
import { Outbox } from '../net/outbox.ts';
import { STORAGE_KEYS } from '../net/storageKeys.ts';
import { currentConnection, onReconnect, useWorkshop } from './workshopStore.ts';

/** One of the participant's own ideas, as this device knows it. */
export interface MyIdea {
  /** Client-generated id: a resend after a lost acknowledgement is applied once. */
  commandId: string;
  questionId: string;
  text: string;
  actor: string | null;
  nextStep: string | null;
  status: 'waiting' | 'sending' | 'saved' | 'failed';
  ideaId: string | null;
  error: string | null;
  /** Lens tags chosen while writing (issue 13); absent on ideas stored before lenses. */
  countries?: string[];
  pbc?: boolean;
}

interface MyIdeasState {
  workshopId: string | null;
  /** The outbox: what this device sent or is about to send. */
  ideas: MyIdea[];
  /** What the server has of this participant (any device), by idea id. */
  server: OwnIdea[];
}

const storageKey = STORAGE_KEYS.myIdeas;

/**
 * The participant's outbox and record of their own ideas. It lives in localStorage, so an idea
 * written offline or just before a reload is sent when the connection returns — with the same
 * commandId, so never twice.
 */
export const useMyIdeas = create<MyIdeasState>(() => ({ workshopId: null, ideas: [], server: [] }));

/**
 * Asks the server for this participant's ideas. An outbox entry whose commandId the server
 * already has was saved even if its acknowledgement was lost: mark it so, never resend it.
 */
export async function refreshMyIdeas(): Promise<void> {
  const conn = currentConnection();
  if (!conn?.isOnline()) return;
  const reply = await conn.command('idea:mine', {});
  if (!reply.ok) return;
  useMyIdeas.setState({ server: reply.ideas });
  outbox.markSaved(
    new Map(
      reply.ideas
        .filter((i) => i.commandId)
        .map((i) => [i.commandId as string, { ideaId: i.id } satisfies Partial<MyIdea>]),
    ),
  );
}

function persist(): void {
  const { workshopId, ideas } = useMyIdeas.getState();
  if (workshopId) localStorage.setItem(storageKey(workshopId), JSON.stringify(ideas));
}

function update(commandId: string, patch: Partial<MyIdea>): void {
  useMyIdeas.setState((s) => ({
    ideas: s.ideas.map((i) => (i.commandId === commandId ? { ...i, ...patch } : i)),
  }));
  persist();
}

function submitPayload(idea: MyIdea): IdeaSubmit {
  return {
    questionId: idea.questionId,
    text: idea.text,
    commandId: idea.commandId,
    ...(idea.actor ? { actor: idea.actor } : {}),
    ...(idea.nextStep ? { nextStep: idea.nextStep } : {}),
    ...(idea.countries?.length ? { countries: idea.countries } : {}),
    ...(idea.pbc ? { pbc: true } : {}),
  };
}

/** The participant's ideas go through the outbox's rules (net/outbox.ts). */
const outbox = new Outbox<MyIdea>({
  entries: () => useMyIdeas.getState().ideas,
  update,
  send(idea) {
    const conn = currentConnection();
    return conn?.isOnline() ? conn.command('idea:submit', submitPayload(idea)) : null;
  },
  saved: (_idea, reply) => ({ ideaId: String(reply.ideaId), error: null }),
  failed: (_idea, error) => ({ error: error.message }),
  drained: () => void refreshMyIdeas(),
});

/**
 * Sends every idea that is not saved yet, one at a time and in the order they were written;
 * safe to call any time (a call during a flush schedules one more pass).
 */
export function flushMyIdeas(): Promise<void> {
  return outbox.flush();
}

let unsubscribe: (() => void) | null = null;

/** Loads this device's ideas for the workshop and sends what is waiting. */
export function loadMyIdeas(workshopId: string): void {
  let ideas: MyIdea[] = [];
  try {
    ideas = JSON.parse(localStorage.getItem(storageKey(workshopId)) ?? '[]') as MyIdea[];
  } catch {
    ideas = [];
  }
  // An idea on its way when the page went away has no answer coming: it waits to be resent.
  ideas = ideas.map((i) => (i.status === 'sending' ? { ...i, status: 'waiting' } : i));
  useMyIdeas.setState({ workshopId, ideas, server: [] });
  unsubscribe?.();
  const offReconnect = onReconnect(() => void refreshMyIdeas().then(flushMyIdeas));
  // A dropped connection will not answer what was on its way: send it again on the next one.
  const offStatus = useWorkshop.subscribe((s, before) => {
    if (before.status === 'online' && s.status !== 'online') outbox.interrupted();
  });
  unsubscribe = () => {
    offReconnect();
    offStatus();
  };
}

export function submitMyIdea(input: {
  questionId: string;
  text: string;
  actor: string;
  nextStep: string;
  countries?: string[];
  pbc?: boolean;
}): void {
  const idea: MyIdea = {
    commandId: randomId(),
    questionId: input.questionId,
    text: input.text.trim(),
    actor: input.actor.trim() || null,
    nextStep: input.nextStep.trim() || null,
    status: 'waiting',
    ideaId: null,
    error: null,
    ...(input.countries?.length ? { countries: input.countries } : {}),
    ...(input.pbc ? { pbc: true } : {}),
  };
  useMyIdeas.setState((s) => ({ ideas: [...s.ideas, idea] }));
  persist();
  void flushMyIdeas();
}
