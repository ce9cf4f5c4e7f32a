import { buildSenseIndexWith, DEFAULT_TUNING, mayBelong, suggestGroups } from '@convene/shared';
import { loadQuestions } from './evalClusters.ts';
const qs = loadQuestions();
const RESUGGEST = Boolean(process.env.RE);
const K2 = Boolean(process.env.K2);
const cut = Number(process.env.CUT ?? 1);
let tHand = 0, tHelp = 0, viaGroups = 0, into = 0;
for (const q of qs) {
  const index = buildSenseIndexWith(q.ideas, { language: 'en' }, { ...DEFAULT_TUNING, groupCut: cut });
  const themes = new Map<string, string[]>();
  for (const [id, l] of q.human) if (l) themes.set(l, [...(themes.get(l) ?? []), id]);
  let hand = 0;
  for (const m of themes.values()) hand += m.length >= 2 ? m.length + 1 : 0;
  const pool = new Set(q.ideas.map((i) => i.id));
  let acts = 1;
  const made = new Set<string>();
  let groups: string[][] = [];
  const dismissed = new Set<string>();
  const fill = (label: string, members: string[]) => {
    for (;;) {
      const want = (themes.get(label) ?? []).filter((i) => !members.includes(i));
      if (want.length === 0) return;
      if (process.env.INTO) {
        const g = groups.find((g) => !dismissed.has(g.join()) && g.filter((i) => pool.has(i) && want.includes(i)).length >= 2);
        if (g) {
          const live = g.filter((i) => pool.has(i));
          const right = live.filter((i) => want.includes(i));
          acts += 1 + (live.length - right.length); into++;
          for (const i of right) { pool.delete(i); members.push(i); }
          dismissed.add(g.join());
          continue;
        }
      }
      const top = mayBelong(index, members, [...pool], 5, { name: label }).map((r) => r.ideaId);
      if (K2 && top.length >= 2 && top.slice(0, 2).every((i) => want.includes(i))) {
        acts += 1; for (const i of top.slice(0, 2)) { pool.delete(i); members.push(i); } continue;
      }
      acts += 1; pool.delete(want[0]!); members.push(want[0]!);
    }
  };
  groups = suggestGroups(index, [...pool]).map((g) => g.ideaIds);
  for (let k = 0; k < 20; k++) {
    let acted = false;
    for (const g of groups) {
      const ids = g.filter((i) => pool.has(i));
      if (ids.length < 2 || dismissed.has(g.join())) continue;
      const votes = new Map<string, number>();
      for (const i of ids) { const t = q.human.get(i); if (t && !made.has(t)) votes.set(t, (votes.get(t) ?? 0) + 1); }
      const best = [...votes].sort((a, b) => b[1] - a[1])[0];
      if (!best || best[1] < 2) continue;
      const [label] = best;
      const wrong = ids.filter((i) => q.human.get(i) !== label);
      acts += 1 + wrong.length + 1;
      const members = ids.filter((i) => q.human.get(i) === label);
      viaGroups += members.length;
      for (const i of members) pool.delete(i);
      made.add(label); dismissed.add(g.join());
      fill(label, members);
      acted = true;
      break;
    }
    if (!acted) break;
    if (RESUGGEST) groups = suggestGroups(index, [...pool]).map((g) => g.ideaIds);
  }
  for (const [l, m] of themes) {
    if (made.has(l) || m.length < 2) continue;
    acts += 3; pool.delete(m[0]!); pool.delete(m[1]!);
    fill(l, m.slice(0, 2));
  }
  tHand += hand; tHelp += acts;
}
console.log(`RE ${RESUGGEST} K2 ${K2} cut ${cut}: hand ${tHand} help ${tHelp} via groups ${viaGroups} into ${into} INTO ${process.env.INTO}`);
