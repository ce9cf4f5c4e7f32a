import type { IdeaSubmit, OwnIdea } from '@convene/shared';
import { create } from 'zustand';
import { randomId } from '../net/api.ts';
import { currentConnection, onReconnect } from './workshopStore.ts';

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

const storageKey = (workshopId: string) => `convene:my-ideas:${workshopId}`;

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
  const byCommand = new Map(reply.ideas.filter((i) => i.commandId).map((i) => [i.commandId, i]));
  useMyIdeas.setState((s) => ({
    server: reply.ideas,
    ideas: s.ideas.map((i) => {
      const known = byCommand.get(i.commandId);
      return known && i.status !== 'saved' ? { ...i, status: 'saved', ideaId: known.id } : i;
    }),
  }));
  persist();
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

let flushing: Promise<void> | null = null;
let flushAgain = false;

/**
 * Sends every idea that is not saved yet, one at a time and in the order they were written;
 * safe to call any time (a call during a flush schedules one more pass).
 */
export function flushMyIdeas(): Promise<void> {
  if (flushing) {
    flushAgain = true;
    return flushing;
  }
  flushing = (async () => {
    do {
      flushAgain = false;
      await flushOnce();
    } while (flushAgain);
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}

async function flushOnce(): Promise<void> {
  const conn = currentConnection();
  if (!conn?.isOnline()) return;
  const pending = useMyIdeas
    .getState()
    .ideas.filter((i) => i.status === 'waiting' || i.status === 'sending');
  for (const idea of pending) {
    update(idea.commandId, { status: 'sending' });
    const payload: IdeaSubmit = {
      questionId: idea.questionId,
      text: idea.text,
      commandId: idea.commandId,
      ...(idea.actor ? { actor: idea.actor } : {}),
      ...(idea.nextStep ? { nextStep: idea.nextStep } : {}),
      ...(idea.countries?.length ? { countries: idea.countries } : {}),
      ...(idea.pbc ? { pbc: true } : {}),
    };
    const reply = await conn.command('idea:submit', payload);
    if (reply.ok) {
      update(idea.commandId, { status: 'saved', ideaId: reply.ideaId, error: null });
    } else if (
      reply.error.code === 'timeout' ||
      reply.error.code === 'storage_unavailable' ||
      reply.error.code === 'rate_limited'
    ) {
      // Not refused, just not now: keep it queued (and keep the order) and try again shortly.
      update(idea.commandId, { status: 'waiting' });
      setTimeout(() => void flushMyIdeas(), 2000);
      return;
    } else {
      update(idea.commandId, { status: 'failed', error: reply.error.message });
    }
  }
  void refreshMyIdeas();
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
  useMyIdeas.setState({ workshopId, ideas, server: [] });
  unsubscribe?.();
  unsubscribe = onReconnect(() => void refreshMyIdeas().then(flushMyIdeas));
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
