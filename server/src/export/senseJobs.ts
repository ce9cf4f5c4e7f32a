import {
  buildSenseIndex,
  mayBelong,
  nearDuplicates,
  type SenseBelongReply,
  type SenseIdea,
  type SenseIndex,
  type SenseLanguage,
  type SenseNameReply,
  type SenseSuggestReply,
  suggestGroups,
  suggestName,
} from '@convene/shared';

/**
 * The sense queries' computing half (issue 13), run on the render worker: a 300-idea question
 * takes tens of milliseconds to index and group, which on the main thread would delay every
 * room's fan-out. The input is what the main thread read and filtered — the visible ideas of one
 * question and where they sit — so nothing here can see a hidden idea.
 */

interface SenseInput {
  /** The question's visible ideas. */
  ideas: SenseIdea[];
  language: SenseLanguage;
}

export type SenseJob =
  | (SenseInput & { kind: 'sense:suggest'; unclustered: string[] })
  | (SenseInput & {
      kind: 'sense:belong';
      cluster: string[];
      candidates: string[];
      limit: number;
      /** The cluster's name, when the facilitator gave one. */
      name?: string;
    })
  | (SenseInput & { kind: 'sense:name'; ideaIds: string[] });

export type SenseJobResult =
  | ({ kind: 'sense:suggest' } & SenseSuggestReply)
  | ({ kind: 'sense:belong' } & SenseBelongReply)
  | ({ kind: 'sense:name' } & SenseNameReply);

/**
 * Indexes of the last few question states: a facilitator asks "may belong here" for one
 * cluster after another on an unchanged board, and each answer then costs a few milliseconds
 * instead of a new index. Keyed by the ideas' content, so any edit, reveal or removal misses.
 */
const CACHE_SIZE = 4;
const cache = new Map<string, SenseIndex>();

function indexOf(input: SenseInput): SenseIndex {
  const key = `${input.language}\u0000${JSON.stringify(input.ideas)}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const index = buildSenseIndex(input.ideas, { language: input.language });
  cache.set(key, index);
  for (const old of cache.keys()) {
    if (cache.size <= CACHE_SIZE) break;
    cache.delete(old);
  }
  return index;
}

/** How many duplicate pairs and "may belong here" candidates a reply carries at most. */
export const SENSE_LIMITS = { duplicates: 20, belong: 10 } as const;

export function runSenseJob(job: SenseJob): SenseJobResult {
  const index = indexOf(job);
  if (job.kind === 'sense:suggest') {
    return {
      kind: job.kind,
      groups: suggestGroups(index, job.unclustered),
      duplicates: nearDuplicates(index, { limit: SENSE_LIMITS.duplicates }),
    };
  }
  if (job.kind === 'sense:belong') {
    return {
      kind: job.kind,
      ideas: mayBelong(
        index,
        job.cluster,
        job.candidates,
        job.limit,
        job.name ? { name: job.name } : undefined,
      ),
    };
  }
  return { kind: job.kind, ...suggestName(index, job.ideaIds) };
}
