import type { WorkshopArchive } from '@convene/shared';
import { fixtureArchive } from './fixtureBoard.ts';

/**
 * A workshop archive of about `ideas` ideas of realistic length: the fixture's first workshop
 * with its first question's ideas repeated under new ids. How the availability attacks get a
 * board as large as the probe's (2,000 ideas) into a server in one request.
 */
export function bigArchive(ideas: number): WorkshopArchive {
  const archive = fixtureArchive(0);
  const [first, ...rest] = archive.questions;
  if (!first) throw new Error('the fixture has no question');
  const existing = archive.questions.reduce((n, q) => n + q.ideas.length, 0);
  const extra = [];
  let seq = Math.max(...archive.questions.flatMap((q) => q.ideas.map((i) => i.seq ?? 0))) + 1;
  for (let k = 0; existing + extra.length < ideas; k++) {
    const source = first.ideas[k % first.ideas.length];
    if (!source) break;
    extra.push({ ...source, id: `big-${k}`, seq: seq++, clusterId: null });
  }
  return { ...archive, questions: [{ ...first, ideas: [...first.ideas, ...extra] }, ...rest] };
}
