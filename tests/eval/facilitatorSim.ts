/**
 * The facilitator of `tests/e2e/clusteringHelp.test.ts` ("what the help saves"), played offline
 * on a method's suggested groups: the actions it takes to rebuild the human themes of a board
 * by hand and with the help. Scrolls and clicks that only move the focus are not counted (the
 * browser run counts them), so this is the help's cost as its suggestions decide it — the
 * figure that minutes of browser time per run made too slow to compare variants with.
 *
 * By hand, a theme of k ideas costs k + 1: one card dropped on another, the name typed, Enter,
 * then one drag per idea left. With the help: one click on "Suggest groups"; then, suggestion by
 * suggestion in the order shown, one that holds two or more ideas of a theme not yet built
 * starts it — the name typed (a click first unless it is the first suggestion shown, which has
 * the focus), one untick per idea of another theme, one accept — and the theme is completed:
 * by another suggestion holding two or more of its missing ideas (its other ideas unticked, one
 * "Add to the cluster"), else one action per idea ("+ Add" or a drag, one either way). Themes
 * no suggestion started are begun by hand (two ideas and the name: three actions) and completed
 * the same way. Suggestions follow the board: ideas placed leave them, a suggestion with fewer
 * than two ideas left is gone.
 */

export interface Board {
  ids: readonly string[];
  /** Idea id → human theme (null: left unclustered). */
  human: ReadonlyMap<string, string | null>;
}

export interface Cost {
  hand: number;
  help: number;
}

export function simulate(board: Board, groups: readonly (readonly string[])[]): Cost {
  const themes = new Map<string, string[]>();
  for (const id of board.ids) {
    const label = board.human.get(id);
    if (label) themes.set(label, [...(themes.get(label) ?? []), id]);
  }
  let hand = 0;
  for (const members of themes.values()) if (members.length >= 2) hand += members.length + 1;

  const themeOf = (id: string) => board.human.get(id) ?? null;
  const pool = new Set(board.ids);
  const built = new Map<string, string[]>();
  const live = () => groups.map((g) => g.filter((id) => pool.has(id))).filter((g) => g.length >= 2);
  let help = 1;
  const place = (label: string, ids: readonly string[]) => {
    const members = built.get(label) ?? [];
    for (const id of ids) {
      members.push(id);
      pool.delete(id);
    }
    built.set(label, members);
  };
  const complete = (label: string) => {
    const all = themes.get(label) ?? [];
    for (;;) {
      const inside = built.get(label) ?? [];
      const want = all.filter((id) => !inside.includes(id));
      const [next] = want;
      if (next === undefined) return;
      const more = live().find((g) => g.filter((id) => want.includes(id)).length >= 2);
      if (more) {
        help += more.filter((id) => !want.includes(id)).length + 1;
        place(
          label,
          more.filter((id) => want.includes(id)),
        );
      } else {
        help += 1;
        place(label, [next]);
      }
    }
  };
  for (let taken = true; taken; ) {
    taken = false;
    const shown = live();
    for (const [at, g] of shown.entries()) {
      const votes = new Map<string, number>();
      for (const id of g) {
        const t = themeOf(id);
        if (t && !built.has(t)) votes.set(t, (votes.get(t) ?? 0) + 1);
      }
      const best = [...votes].sort((a, b) => b[1] - a[1])[0];
      if (!best || best[1] < 2) continue;
      const [label] = best;
      const strays = g.filter((id) => themeOf(id) !== label).length;
      help += (at === 0 ? 1 : 2) + strays + 1;
      place(
        label,
        g.filter((id) => themeOf(id) === label),
      );
      complete(label);
      taken = true;
      break;
    }
  }
  for (const [label, members] of themes) {
    if (built.has(label) || members.length < 2) continue;
    help += 3;
    place(label, members.slice(0, 2));
    complete(label);
  }
  return { hand, help };
}
