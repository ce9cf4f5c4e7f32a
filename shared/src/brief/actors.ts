import { fold, oneLine, trimWhere } from './text.ts';

/** Trailing punctuation typed after an actor ("the Council."). */
const endPunctuation = (c: string) => '.,;:!'.includes(c);

/**
 * "Who should act" is typed freely: "Security Council", "the Security Council", "UN Security
 * Council", "security council." all address the same actor. Recommendations are grouped by a
 * folded key; the heading uses the spelling typed most often (first seen on a tie).
 */
export function actorKey(actor: string): string {
  const key = fold(oneLine(actor))
    .replace(/^(the|un|united nations)\s+/g, '')
    .replace(/^the\s+/, '');
  return trimWhere(key, endPunctuation, 'end')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface ActorGroup<T> {
  key: string;
  /** The most common spelling, without a leading "the", first letter capitalised. */
  label: string;
  items: T[];
}

/** Groups items by actor, keeping the items' order inside each group and groups by first item. */
export function groupByActor<T>(
  items: readonly T[],
  actorOf: (item: T) => string,
): ActorGroup<T>[] {
  const groups = new Map<string, { items: T[]; spellings: Map<string, number> }>();
  for (const item of items) {
    const raw = trimWhere(oneLine(actorOf(item)).replace(/^the\s+/i, ''), endPunctuation, 'end');
    const key = actorKey(raw) || raw.toLowerCase();
    const g = groups.get(key) ?? { items: [] as T[], spellings: new Map<string, number>() };
    g.items.push(item);
    g.spellings.set(raw, (g.spellings.get(raw) ?? 0) + 1);
    groups.set(key, g);
  }
  return [...groups.entries()].map(([key, g]) => {
    let best = '';
    let count = 0;
    const capitals = (s: string) => s.replace(/[^\p{Lu}]/gu, '').length;
    for (const [s, n] of g.spellings) {
      // On a tie, "Member States" reads better than "member states".
      if (n > count || (n === count && capitals(s) > capitals(best))) {
        best = s;
        count = n;
      }
    }
    return { key, label: best.charAt(0).toUpperCase() + best.slice(1), items: g.items };
  });
}
