import { groupByActor } from './actors.ts';
import {
  type BriefDocument,
  type BriefOptions,
  type DocumentSection,
  generateTakeaways,
  hostPhrase,
} from './briefModel.ts';
import { formatLongDate, formatMonthYear, listJoin, paperLabels } from './labels.ts';
import { type Block, type Inline, parseBrief, safeStart, userText } from './markdown.ts';
import { SECTION_TAKEAWAYS } from './sections.ts';
import { buildSimilarityIndex, type KeyPhrase, keyPhrases, NEAR_DUPLICATE } from './similarity.ts';
import type { BriefDraft, BriefIdea, BriefLanguage, BriefSnapshot } from './snapshot.ts';
import { levelWeight, questionSupport } from './support.ts';
import { capitalise, isoDay, sentence, shorten } from './text.ts';

/**
 * The policy-paper draft of a series: an introduction, one chapter per workshop (its brief
 * condensed: the takeaways as the rapporteurs left them, and its themes), the themes that
 * recur across workshops (found by comparing wording, locally), and the recommendations of all
 * workshops consolidated by actor.
 */

export interface SeriesSnapshot {
  series: { name: string; description: string | null };
  workshops: { snapshot: BriefSnapshot; draft: BriefDraft }[];
}

const MAX_CROSS_THEMES = 8;
const MAX_RECOMMENDATIONS = 15;

interface ThemeUnit {
  workshop: number;
  clusterId: string;
  label: string;
  /** Share of the dots of its question, 0 without a vote. */
  share: number;
  weight: number;
  /** Its ideas, best supported first. */
  ideas: BriefIdea[];
}

interface IdeaUnit {
  workshop: number;
  idea: BriefIdea;
  weight: number;
  voted: boolean;
  votes: number;
}

/** The language most workshops of the series were held in; the earliest's on a tie. */
function paperLanguage(langs: readonly (BriefLanguage | undefined)[]): BriefLanguage {
  const counts = new Map<BriefLanguage, number>();
  for (const l of langs) counts.set(l ?? 'en', (counts.get(l ?? 'en') ?? 0) + 1);
  let best: BriefLanguage = langs[0] ?? 'en';
  for (const [l, n] of counts) if (n > (counts.get(best) ?? 0)) best = l;
  return best;
}

function byDate(a: { snapshot: BriefSnapshot }, b: { snapshot: BriefSnapshot }): number {
  return (a.snapshot.workshop.date ?? '9999').localeCompare(b.snapshot.workshop.date ?? '9999');
}

function collect(workshops: SeriesSnapshot['workshops']) {
  const themes: ThemeUnit[] = [];
  const ideas: IdeaUnit[] = [];
  workshops.forEach(({ snapshot }, w) => {
    for (const q of snapshot.questions) {
      const support = questionSupport(q);
      const visible = new Map(q.ideas.filter((i) => i.status === 'visible').map((i) => [i.id, i]));
      for (const t of support.themes) {
        const label = q.clusters.find((c) => c.id === t.clusterId)?.label.trim() ?? '';
        themes.push({
          workshop: w,
          clusterId: t.clusterId,
          label,
          share: t.share,
          weight: levelWeight(t.level) + t.share,
          ideas: support.ranking
            .map((r) => visible.get(r.ideaId))
            .filter((i): i is BriefIdea => i?.clusterId === t.clusterId),
        });
      }
      for (const r of support.ranking) {
        const idea = visible.get(r.ideaId);
        if (!idea) continue;
        ideas.push({
          workshop: w,
          idea,
          weight: support.voted ? levelWeight(r.level) + r.share : 0,
          voted: support.voted,
          votes: r.votes,
        });
      }
    }
  });
  return { themes, ideas };
}

/** A subject that recurs across workshops. */
interface CrossTheme {
  label: string;
  /** Workshops (indices) where supported ideas or theme names mention it. */
  workshops: number[];
  /** The best-supported idea mentioning it in each of those workshops. */
  ideas: IdeaUnit[];
  /** Themes (clusters) whose names mention it. */
  themes: ThemeUnit[];
}

/**
 * Cross-cutting themes: key phrases (one to three content words, abbreviations expanded) that
 * recur in the supported ideas and theme names of at least two workshops. Phrases present in
 * a large share of all ideas say nothing specific ("peace", "UN") and are left out; a phrase
 * whose ideas are mostly covered by a better one already chosen is skipped, so each theme adds
 * something.
 */
function crossCuttingThemes(themes: ThemeUnit[], allIdeas: IdeaUnit[]): CrossTheme[] {
  // Ideas the rooms supported (all of them when there was no vote), the best 150 of each
  // workshop: enough to see what recurs, and bounded however large the boards are.
  const perWorkshop = new Map<number, IdeaUnit[]>();
  for (const u of allIdeas) {
    if (u.voted && u.votes === 0) continue;
    perWorkshop.set(u.workshop, [...(perWorkshop.get(u.workshop) ?? []), u]);
  }
  const ideas = [...perWorkshop.values()].flatMap((list) =>
    [...list].sort((a, b) => b.weight - a.weight).slice(0, 150),
  );
  const mentions = new Map<string, Set<number>>();
  const surfaces = new Map<string, Map<string, number>>();
  const lengths = new Map<string, number>();
  // Inside a sentence, a single word written with a capital is a name (Liberia, World Bank,
  // PBSO): a subject. Other single words are too often verbs or adjectives to stand alone.
  const proper = new Map<string, { capital: number; lower: number }>();
  const note = (p: KeyPhrase) => {
    const m = surfaces.get(p.key) ?? new Map<string, number>();
    m.set(p.surface, (m.get(p.surface) ?? 0) + 1);
    surfaces.set(p.key, m);
    lengths.set(p.key, p.length);
    if (!p.initial) {
      const c = proper.get(p.key) ?? { capital: 0, lower: 0 };
      if (/^\p{Lu}/u.test(p.surface)) c.capital++;
      else c.lower++;
      proper.set(p.key, c);
    }
  };
  ideas.forEach((u, i) => {
    for (const p of keyPhrases(u.idea.text)) {
      const set = mentions.get(p.key) ?? new Set<number>();
      set.add(i);
      mentions.set(p.key, set);
      note(p);
    }
  });
  const labelled = new Map<string, Set<number>>();
  themes.forEach((t, i) => {
    for (const p of keyPhrases(t.label)) {
      const set = labelled.get(p.key) ?? new Set<number>();
      set.add(i);
      labelled.set(p.key, set);
    }
  });
  const generic = Math.max(6, ideas.length * 0.09);
  const candidates: (CrossTheme & { score: number; ideaSet: Set<number> })[] = [];
  for (const [key, set] of mentions) {
    if (set.size > generic) continue;
    const stems = key.split(' ');
    const caps = proper.get(key);
    if (stems.length === 1 && !(caps && caps.capital > 0 && caps.lower === 0)) continue;
    if (stems.some((x) => x.length < 2)) continue;
    const supported = [...set].filter((i) => {
      const u = ideas[i] as IdeaUnit;
      return !u.voted || u.votes > 0;
    });
    const byWorkshop = new Map<number, IdeaUnit>();
    for (const i of supported) {
      const u = ideas[i] as IdeaUnit;
      const best = byWorkshop.get(u.workshop);
      if (!best || u.weight > best.weight) byWorkshop.set(u.workshop, u);
    }
    const named = [...(labelled.get(key) ?? [])].map((i) => themes[i] as ThemeUnit);
    const workshops = [...new Set([...byWorkshop.keys(), ...named.map((t) => t.workshop)])].sort(
      (a, b) => a - b,
    );
    if (workshops.length < 2) continue;
    const variants = [...(surfaces.get(key) ?? new Map<string, number>()).entries()];
    // The usual spelling, written out ("Peacebuilding Fund" rather than "PBF").
    const acronym = (v: string) => (/^[\p{Lu}\p{N}]+$/u.test(v) ? 1 : 0);
    variants.sort(
      (a, b) => acronym(a[0]) - acronym(b[0]) || b[1] - a[1] || b[0].length - a[0].length,
    );
    const label = variants[0]?.[0] ?? key;
    const strength = [...byWorkshop.values()].reduce((n, u) => n + u.weight, 0);
    candidates.push({
      label: label.charAt(0).toUpperCase() + label.slice(1),
      workshops,
      ideas: [...byWorkshop.values()].sort((a, b) => a.workshop - b.workshop),
      themes: named,
      score: workshops.length * 10 + strength + (lengths.get(key) ?? 1) * 2 + named.length * 3,
      ideaSet: new Set(supported),
    });
  }
  candidates.sort((a, b) => b.score - a.score || a.label.localeCompare(b.label));
  const chosen: typeof candidates = [];
  const covered = new Set<number>();
  for (const c of candidates) {
    if (chosen.length >= MAX_CROSS_THEMES) break;
    const overlap = [...c.ideaSet].filter((i) => covered.has(i)).length;
    if (c.ideaSet.size > 0 && overlap / c.ideaSet.size > 0.5) continue;
    chosen.push(c);
    for (const i of c.ideaSet) covered.add(i);
  }
  return chosen.map(({ label, workshops, ideas: best, themes: named }) => ({
    label,
    workshops,
    ideas: best,
    themes: named,
  }));
}

/** The takeaways of a workshop's brief as its rapporteurs left them (generated if never drafted). */
function takeawayBlocks(snapshot: BriefSnapshot, draft: BriefDraft): Block[] {
  const d = draft[SECTION_TAKEAWAYS];
  const text = d && d.base !== null ? d.text : generateTakeaways(snapshot);
  // The chapter has its own headings: drop the section's heading, keep the rest.
  return parseBrief(text).filter((b) => b.type !== 'heading');
}

const inline = (s: string): Inline => [{ text: s }];

export function composeSeriesPaper(series: SeriesSnapshot, opts: BriefOptions): BriefDocument {
  const workshops = [...series.workshops].sort(byDate);
  const name = series.series.name;
  const hosts = [
    ...new Set(
      workshops.map((w) => w.snapshot.workshop.host?.trim()).filter((h): h is string => !!h),
    ),
  ];
  const dates = workshops.map((w) => w.snapshot.workshop.date).filter((d): d is string => !!d);
  const last = dates[dates.length - 1];
  // The paper is written in the language most of its workshops were held in (issue 14).
  const lang = paperLanguage(workshops.map((w) => w.snapshot.workshop.language));
  const P = paperLabels(lang);
  const longDate = (d: string | null) => formatLongDate(d, lang);
  const host = (h: string) => (lang === 'en' ? hostPhrase(h) : h);
  const when = formatMonthYear(last ?? isoDay(opts.now), lang) ?? '';
  const chatham = workshops.some((w) => w.snapshot.workshop.chathamHouse);
  const { themes, ideas } = collect(workshops);
  const sections: DocumentSection[] = [];
  const md = (key: string, text: string) => sections.push({ key, blocks: parseBrief(text) });

  // Title
  const head = [`# ${userText(name)}`, `**${P.draft}** · ${when}`];
  if (hosts.length > 0)
    head.push(P.drawingOn(workshops.length, userText(listJoin(hosts.map(host), lang))));
  md('header', head.join('\n\n'));

  // Introduction
  const intro = [`## ${P.introduction}`];
  if (series.series.description?.trim()) intro.push(safeStart(userText(series.series.description)));
  const first = longDate(dates[0] ?? null);
  const lastLong = longDate(last ?? null);
  const counts = workshops.map((w) => w.snapshot.participantCount).filter((n) => n > 0);
  const ideaTotal = ideas.length;
  const seriesName = `*${userText(name)}*`;
  let summary =
    first && lastLong && workshops.length > 1
      ? P.heldBetween(first, lastLong, workshops.length, seriesName)
      : P.held(workshops.length, seriesName);
  if (counts.length > 0) {
    const lo = Math.min(...counts);
    const hi = Math.max(...counts);
    summary += lo === hi ? P.eachSame(lo) : P.eachRange(lo, hi);
  }
  if (ideaTotal > 0) summary += P.together(ideaTotal);
  summary += P.thisPaper;
  intro.push(summary);
  if (workshops.length > 0) {
    intro.push(
      workshops
        .map((w, i) => {
          const ws = w.snapshot.workshop;
          const bits = [longDate(ws.date), ws.host ? P.convenedBy(host(ws.host)) : null].filter(
            Boolean,
          );
          return `${i + 1}. *${userText(ws.title)}*${bits.length ? ` (${userText(bits.join(', '))})` : ''}`;
        })
        .join('\n'),
    );
  }
  if (chatham) {
    intro.push(`> ${P.chatham}`);
  }
  md('introduction', intro.join('\n\n'));

  // One chapter per workshop
  workshops.forEach((w, i) => {
    const ws = w.snapshot.workshop;
    const key = `chapter:${i + 1}`;
    const blocks: Block[] = [];
    blocks.push({ type: 'heading', level: 2, text: inline(`${i + 1}. ${ws.title}`) });
    const facts = [
      longDate(ws.date) ? P.heldOn(longDate(ws.date) ?? '') : null,
      ws.host ? P.convenedBy(host(ws.host)) : null,
      w.snapshot.participantCount > 0 ? P.participants(w.snapshot.participantCount) : null,
    ].filter((x): x is string => x !== null);
    if (facts.length > 0)
      blocks.push({
        type: 'paragraph',
        text: [{ text: `${capitalise(facts.join('; '))}.`, em: true }],
      });
    blocks.push({ type: 'heading', level: 3, text: inline(P.mainFindings) });
    blocks.push(...takeawayBlocks(w.snapshot, w.draft));
    const themeLines: Inline[] = [];
    [...w.snapshot.questions]
      .sort((a, b) => a.position - b.position)
      .forEach((q, qi) => {
        const support = questionSupport(q);
        const labels = support.themes
          .map((t) => q.clusters.find((c) => c.id === t.clusterId)?.label.trim())
          .filter((l): l is string => !!l);
        if (labels.length === 0) return;
        themeLines.push([
          { text: P.question(qi + 1), strong: true },
          { text: ' ' },
          { text: shorten(q.prompt, 140), em: true },
          { text: P.themesList(support.voted, labels.join('; ')) },
        ]);
      });
    if (themeLines.length > 0) {
      blocks.push({ type: 'heading', level: 3, text: inline(P.themes) });
      blocks.push({ type: 'bullets', items: themeLines });
    }
    sections.push({ key, blocks });
  });

  // Cross-cutting themes
  const cross = crossCuttingThemes(themes, ideas);
  const crossMd = [`## ${P.crossCutting}`];
  if (cross.length === 0) {
    crossMd.push(P.noCross);
  } else {
    crossMd.push(P.crossIntro);
    for (const theme of cross) {
      crossMd.push(`### ${userText(theme.label)}`);
      let raised = P.raisedIn(
        theme.workshops.length,
        listJoin(
          theme.workshops.map((w) => String(w + 1)),
          lang,
        ),
      );
      if (theme.themes.length > 0) {
        raised += P.namedIn(
          theme.themes.length,
          listJoin(
            theme.themes.map((t) => P.themeInWorkshop(userText(t.label), t.workshop + 1)),
            lang,
          ),
        );
      }
      crossMd.push(raised);
      const bullets = theme.ideas
        .slice(0, 4)
        .map(
          (u) =>
            `- ${safeStart(userText(sentence(u.idea.text)))} *${P.workshopRef(String(u.workshop + 1), false)}*`,
        );
      if (bullets.length > 0) crossMd.push(bullets.join('\n'));
    }
  }
  md('crossCutting', crossMd.join('\n\n'));

  // Consolidated recommendations
  const recs = ideas
    .filter((u) => u.idea.actor?.trim() && (!u.voted || u.votes > 0))
    .sort((a, b) => b.weight - a.weight || a.workshop - b.workshop || a.idea.seq - b.idea.seq)
    // Only the best can be picked: compare those, not every idea of six large boards.
    .slice(0, MAX_RECOMMENDATIONS * 8);
  const recIndex = buildSimilarityIndex(recs.map((r) => r.idea.text));
  const merged: { lead: IdeaUnit; workshops: Set<number> }[] = [];
  const taken = new Set<number>();
  recs.forEach((r, a) => {
    if (taken.has(a)) return;
    const entry = { lead: r, workshops: new Set([r.workshop]) };
    for (let b = a + 1; b < recs.length; b++) {
      if (taken.has(b)) continue;
      if (recIndex.similarity(a, b) >= NEAR_DUPLICATE) {
        taken.add(b);
        entry.workshops.add((recs[b] as IdeaUnit).workshop);
      }
    }
    merged.push(entry);
  });
  const picked = merged.slice(0, MAX_RECOMMENDATIONS);
  const recMd = [`## ${P.consolidated}`];
  if (picked.length === 0) {
    recMd.push(P.noRecs);
  } else {
    recMd.push(P.recsIntro);
    let n = 1;
    for (const g of groupByActor(picked, (p) => p.lead.idea.actor ?? '')) {
      recMd.push(`### ${userText(g.label)}`);
      recMd.push(
        g.items
          .map((p) => {
            let line = safeStart(userText(sentence(p.lead.idea.text)));
            if (p.lead.idea.nextStep)
              line += ` *${P.firstStep}* ${userText(sentence(capitalise(p.lead.idea.nextStep.trim())))}`;
            const ws = [...p.workshops].sort((a, b) => a - b).map((x) => String(x + 1));
            line += ` *${P.workshopRef(listJoin(ws, lang), ws.length > 1)}*`;
            return `${n++}. ${line}`;
          })
          .join('\n'),
      );
    }
  }
  md('recommendations', recMd.join('\n\n'));

  // Annex: the workshops at a glance
  const annex: Block[] = [
    { type: 'heading', level: 2, text: inline(P.annex) },
    {
      type: 'table',
      header: P.annexHeader.map(inline),
      rows: workshops.map((w, i) => {
        const ws = w.snapshot.workshop;
        const visible = w.snapshot.questions.reduce(
          (n, q) => n + q.ideas.filter((x) => x.status === 'visible').length,
          0,
        );
        const themeCount = w.snapshot.questions.reduce(
          (n, q) => n + questionSupport(q).themes.length,
          0,
        );
        return [
          String(i + 1),
          ws.title,
          longDate(ws.date) ?? '',
          ws.host ?? '',
          String(w.snapshot.participantCount),
          String(visible),
          String(themeCount),
        ].map(inline);
      }),
    },
  ];
  sections.push({ key: 'annex', blocks: annex });

  return { kind: 'paper', language: lang, title: name, subject: P.subject, sections };
}
