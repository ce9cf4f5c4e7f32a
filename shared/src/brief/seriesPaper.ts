import type { TopicStatus } from '../protocol/series.ts';
import { actorGroupIndex, defaultActorGroups, MAX_ACTOR_GROUPS } from './actors.ts';
import type {
  BriefDocument,
  BriefOptions,
  DocumentSection,
  GeneratedSection,
} from './briefModel.ts';
import { countriesNamedIn, countryHeading, countryName, isBriefCountry } from './countries.ts';
import { briefLabels, formatLongDate, formatMonthYear, listJoin, paperLabels } from './labels.ts';
import { parseBrief, rapporteurText, safeStart, userText } from './markdown.ts';
import { SECTION_TAKEAWAYS } from './sections.ts';
import {
  buildSimilarityIndex,
  type KeyPhrase,
  keyPhrases,
  NEAR_DUPLICATE,
  stem,
} from './similarity.ts';
import type {
  ActorGroupConfig,
  BriefDraft,
  BriefIdea,
  BriefLanguage,
  BriefQuestion,
  BriefSnapshot,
} from './snapshot.ts';
import { type IdeaSupport, levelWeight, questionSupport, supportWordOf } from './support.ts';
import {
  capitalise,
  fold,
  isoDay,
  normaliseIdeaText,
  sentence,
  shorten,
  trimWhere,
} from './text.ts';

/**
 * The policy-paper draft of a series (issue 15), in the genre of the papers peace-and-security
 * think tanks publish after a series of meetings: an executive summary of the findings that cut
 * across the workshops, a short chapter per workshop (its brief condensed: the rapporteurs'
 * notes, what the room supported, the rapporteurs' own takeaways when they wrote them), the
 * themes that recur, country examples across the series, what the series asks of the
 * Peacebuilding Commission, recommendations grouped by actor with the workshops they came from
 * (the consolidation session's ranking when the series had one), and the plan as held.
 *
 * Each idea's text is printed once in the whole paper: sections are allocated ideas in order of
 * importance (recommendations, the Commission, chapters, cross-cutting themes) and the others
 * point back to them by theme, workshop or recommendation number. Sections have stable keys, so
 * the paper is co-edited and regenerated section by section like the brief (regenerate.ts).
 */

/** One topic of the series plan, as the annex lists it. */
export interface PaperPlanTopic {
  number: number | null;
  title: string;
  plannedDate: string | null;
  host: string | null;
  status: TopicStatus;
  /** The date of the workshop made from it, when it has one. */
  heldDate?: string | null;
}

export interface SeriesSnapshot {
  series: {
    name: string;
    description: string | null;
    /** Co-organisers in the order the paper names them (issue 15). */
    organisers?: string[];
    /** The paper's language; absent: the language most workshops were held in. */
    language?: BriefLanguage | null;
    /** The groups recommendations are gathered under; absent: the defaults. */
    actorGroups?: ActorGroupConfig[] | null;
  };
  workshops: { id?: string; snapshot: BriefSnapshot; draft: BriefDraft }[];
  /** The series plan (issue 15); absent or empty: the annex lists the workshops. */
  plan?: PaperPlanTopic[];
}

export const PAPER_SECTION_HEADER = 'header';
export const PAPER_SECTION_SUMMARY = 'summary';
export const PAPER_SECTION_INTRODUCTION = 'introduction';
export const PAPER_SECTION_THEMES = 'themes';
export const PAPER_SECTION_COUNTRIES = 'countries';
export const PAPER_SECTION_COMMISSION = 'commission';
export const PAPER_SECTION_RECOMMENDATIONS = 'recommendations';
export const PAPER_SECTION_ANNEX = 'annex';
const CHAPTER_PREFIX = 'workshop:';

/** Paper section keys travel in URLs (`PUT …/paper/sections/:key`). */
export const PAPER_SECTION_KEY_PATTERN =
  /^(header|summary|introduction|themes|countries|commission|recommendations|annex|workshop:[A-Za-z0-9_-]{1,64})$/;

const MAX_CROSS_THEMES = 6;
const MAX_RECOMMENDATIONS = 15;
/** At most this many recommendations per actor group: the paper addresses every actor. */
const RECS_PER_GROUP = 4;
const COMMISSION_IDEAS = 5;
/** Proposals a chapter quotes per question (the best the other sections did not print). */
const CHAPTER_IDEAS_PER_QUESTION = 2;
const MAX_COUNTRIES = 8;

/** One idea of one workshop, with its support. */
interface IdeaUnit {
  /** Chapter number of its workshop. */
  workshop: number;
  question: BriefQuestion;
  idea: BriefIdea;
  support: IdeaSupport;
  voted: boolean;
  weight: number;
  theme: string | null;
}

interface ThemeUnit {
  workshop: number;
  clusterId: string;
  label: string;
  weight: number;
}

interface Chapter {
  key: string;
  number: number;
  snapshot: BriefSnapshot;
  draft: BriefDraft;
  ideas: IdeaUnit[];
}

/** The language most workshops were held in; the earliest's on a tie. */
function majorityLanguage(langs: readonly (BriefLanguage | undefined)[]): BriefLanguage {
  const counts = new Map<BriefLanguage, number>();
  for (const l of langs) counts.set(l ?? 'en', (counts.get(l ?? 'en') ?? 0) + 1);
  let best: BriefLanguage = langs[0] ?? 'en';
  for (const [l, n] of counts) if (n > (counts.get(best) ?? 0)) best = l;
  return best;
}

/** The key of a workshop's chapter: its id when known (stable when workshops are added). */
export function paperChapterKey(id: string | undefined, number: number): string {
  return `${CHAPTER_PREFIX}${id && /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : String(number)}`;
}

function unitsOf(
  snapshot: BriefSnapshot,
  workshop: number,
): { ideas: IdeaUnit[]; themes: ThemeUnit[] } {
  const ideas: IdeaUnit[] = [];
  const themes: ThemeUnit[] = [];
  for (const q of [...snapshot.questions].sort((a, b) => a.position - b.position)) {
    const support = questionSupport(q);
    const visible = new Map(q.ideas.filter((i) => i.status === 'visible').map((i) => [i.id, i]));
    const labels = new Map(q.clusters.map((c) => [c.id, c.label.trim()]));
    for (const t of support.themes) {
      const label = labels.get(t.clusterId) ?? '';
      if (label)
        themes.push({
          workshop,
          clusterId: t.clusterId,
          label,
          weight: levelWeight(t.level) + t.share,
        });
    }
    for (const r of support.ranking) {
      const idea = visible.get(r.ideaId);
      if (!idea) continue;
      ideas.push({
        workshop,
        question: q,
        idea,
        support: r,
        voted: support.voted,
        weight: support.voted ? levelWeight(r.level) + r.share : 0.1,
        theme: idea.clusterId ? labels.get(idea.clusterId) || null : null,
      });
    }
  }
  return { ideas, themes };
}

const supported = (u: IdeaUnit) => !u.voted || u.support.votes > 0;
const byWeight = (a: IdeaUnit, b: IdeaUnit) =>
  b.weight - a.weight || a.workshop - b.workshop || a.idea.seq - b.idea.seq;

/** "*Theme*" without trailing punctuation: a pointer to where something is said. */
const pointer = (label: string) =>
  `*${userText(trimWhere(label.trim(), (c) => '.:;,'.includes(c), 'end'))}*`;

/**
 * What has been printed: each idea's text once in the whole paper. Ideas are compared by
 * their normalised text and by wording (a carried-forward idea refined in the consolidation
 * session is still the idea its workshop put forward).
 */
class Printed {
  private readonly ids = new Set<string>();
  private readonly texts = new Set<string>();
  private readonly printed: string[] = [];

  constructor(private readonly lang: BriefLanguage) {}

  private key(idea: BriefIdea): string {
    return fold(normaliseIdeaText(idea.text, this.lang))
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  }

  has(idea: BriefIdea): boolean {
    if (this.ids.has(idea.id) || this.texts.has(this.key(idea))) return true;
    if (this.printed.length === 0) return false;
    const index = buildSimilarityIndex([...this.printed, idea.text]);
    const last = this.printed.length;
    return this.printed.some((_, i) => index.similarity(i, last) >= NEAR_DUPLICATE);
  }

  take(idea: BriefIdea): void {
    this.ids.add(idea.id);
    this.texts.add(this.key(idea));
    this.printed.push(idea.text);
  }
}

/** The longer words of a label, folded: to tell whether a heading already names an actor. */
const contentOf = (t: string) =>
  fold(t)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 3);

/** The idea's text as printed: normalised, escaped, a sentence. */
function ideaText(idea: BriefIdea, lang: BriefLanguage): string {
  return safeStart(userText(sentence(normaliseIdeaText(idea.text, lang))));
}

/** The first step as printed after "First step:". */
function stepText(step: string, lang: BriefLanguage): string {
  return userText(sentence(capitalise(normaliseIdeaText(step.trim(), lang))));
}

/** Single words that name an institution rather than a subject (as key-phrase stems). */
const INSTITUTION_WORDS = new Set(
  [
    'council',
    'commission',
    'fund',
    'bank',
    'office',
    'assembly',
    'secretariat',
    'union',
    'mission',
    'agency',
    'committee',
  ].map(stem),
);

/** A subject that recurs across workshops. */
interface CrossTheme {
  label: string;
  workshops: number[];
  /** The best-supported idea mentioning it in each of those workshops. */
  ideas: IdeaUnit[];
  themes: ThemeUnit[];
}

/**
 * Cross-cutting themes: key phrases (one to three content words, abbreviations expanded) that
 * recur in the supported ideas and theme names of at least two workshops. Phrases present in
 * a large share of all ideas say nothing specific ("peace", "UN") and are left out; a phrase
 * whose ideas are mostly covered by a better one already chosen is skipped.
 */
function crossCuttingThemes(themes: ThemeUnit[], allIdeas: IdeaUnit[]): CrossTheme[] {
  // The best 150 supported ideas of each workshop: enough to see what recurs, and bounded.
  const perWorkshop = new Map<number, IdeaUnit[]>();
  for (const u of allIdeas) {
    if (!supported(u)) continue;
    perWorkshop.set(u.workshop, [...(perWorkshop.get(u.workshop) ?? []), u]);
  }
  const ideas = [...perWorkshop.values()].flatMap((list) => [...list].sort(byWeight).slice(0, 150));
  const mentions = new Map<string, Set<number>>();
  const surfaces = new Map<string, Map<string, number>>();
  const lengths = new Map<string, number>();
  // Inside a sentence, a single word written with a capital is a name (Liberia, PBSO): a
  // subject. Other single words are too often verbs or adjectives to stand alone.
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
    // "Council" or "Commission" alone names an actor, which the recommendations are grouped by,
    // not a subject; "Security Council", "World Bank" and "Liberia" are subjects.
    if (stems.length === 1 && INSTITUTION_WORDS.has(key)) continue;
    if (stems.some((x) => x.length < 2)) continue;
    const byWorkshop = new Map<number, IdeaUnit>();
    for (const i of set) {
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
    let label = variants[0]?.[0] ?? key;
    // An abbreviation is written out when the series' ideas spell it out ("AU" → "African
    // Union"), as a paper's heading would.
    if (acronym(label) && stems.length > 1) {
      const spelled = new RegExp(`\\b${stems.join('\\s+')}\\b`, 'iu');
      const found = [...byWorkshop.values()]
        .concat(ideas)
        .map((u) => spelled.exec(`${u.idea.text} ${u.idea.actor ?? ''}`)?.[0])
        .find((m): m is string => !!m);
      if (found) label = found;
    }
    // Countries have their own section (country examples across the series); so do parts of
    // their names ("African Republic").
    const inCountry = [...byWorkshop.values()].some((u) =>
      countriesNamedIn(u.idea.text).some((c) => fold(countryName(c, 'en')).includes(fold(label))),
    );
    if (countriesNamedIn(label).length > 0 || inCountry) continue;
    const strength = [...byWorkshop.values()].reduce((n, u) => n + u.weight, 0);
    candidates.push({
      label: label.charAt(0).toUpperCase() + label.slice(1),
      workshops,
      ideas: [...byWorkshop.values()].sort((a, b) => a.workshop - b.workshop),
      themes: named,
      score: workshops.length * 10 + strength + (lengths.get(key) ?? 1) * 2 + named.length * 3,
      ideaSet: new Set(set),
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

/** A recommendation: one idea, the workshops it came from, and its actor group. */
interface Recommendation {
  unit: IdeaUnit;
  workshops: number[];
  group: number;
  number: number;
}

function groupOf(idea: BriefIdea, prompt: string, groups: ActorGroupConfig[]): number {
  const typed = idea.actor?.trim();
  if (typed) {
    const g = actorGroupIndex(typed, groups);
    if (g >= 0) return g;
  }
  if (idea.pbc) {
    const g = actorGroupIndex('Peacebuilding Commission', groups);
    if (g >= 0) return g;
  }
  const fromText = actorGroupIndex(`${idea.text} ${idea.nextStep ?? ''}`, groups);
  return fromText >= 0 ? fromText : actorGroupIndex(prompt, groups);
}

/** Whether an idea asks something of the Peacebuilding Commission. */
function isCommission(u: IdeaUnit): boolean {
  if (u.idea.pbc) return true;
  const names = [...new Set(['en', 'fr', 'es'].flatMap((l) => briefLabels(l).commissionNames))];
  const text = `${u.idea.actor ?? ''} ${u.idea.text} ${u.idea.nextStep ?? ''}`;
  return names.some((n) =>
    n.length <= 3
      ? new RegExp(`(^|[^\\p{L}])${n}([^\\p{L}]|$)`, 'u').test(text)
      : fold(text).includes(fold(n)),
  );
}

/** The question's subject in a few words: its short title, its two leading themes, or its prompt. */
function questionSubject(q: BriefQuestion, units: IdeaUnit[], and: string): string {
  const short = q.shortTitle?.trim();
  if (short) return short;
  const clean = (l: string) => trimWhere(l, (ch) => '.:;,'.includes(ch), 'end');
  const themes: string[] = [];
  for (const u of units)
    if (u.theme && !themes.includes(clean(u.theme))) themes.push(clean(u.theme));
  const [first, second] = themes;
  if (first && second) {
    // "Member State engagement" keeps its capitals: a name, not a sentence's first word.
    const lower =
      /^\p{Lu}\p{Ll}/u.test(second) &&
      !/^\S+\s+\p{Lu}/u.test(second) &&
      countriesNamedIn(second.split(/\s/)[0] ?? '').length === 0;
    const glue = first.includes(` ${and} `) || second.includes(` ${and} `) ? '; ' : ` ${and} `;
    const joined = `${first}${glue}${lower ? second.charAt(0).toLowerCase() + second.slice(1) : second}`;
    if (joined.length <= 64) return joined;
  }
  if (first) return first;
  return shorten(
    trimWhere(q.prompt.trim(), (ch) => ch === '?' || ch === '.', 'end'),
    70,
  );
}

/** The rapporteurs' own takeaways of a brief, when they wrote or edited them; else null. */
function editedTakeaways(draft: BriefDraft): string | null {
  const d = draft[SECTION_TAKEAWAYS];
  if (!d || d.base === null || d.text === d.base) return null;
  const lines = d.text
    .split('\n')
    .filter((l) => !/^#{1,6}\s/.test(l) && !/^\s*\*?\\?\[(Rapporteur|Rapporteurs)/i.test(l));
  const text = lines.join('\n').trim();
  return text || null;
}

/** The generated paper: its language and every section's text, in order. */
export interface GeneratedPaper {
  language: BriefLanguage;
  title: string;
  sections: GeneratedSection[];
}

export function generateSeriesPaper(series: SeriesSnapshot, opts: BriefOptions): GeneratedPaper {
  const all = [...series.workshops].sort((a, b) =>
    (a.snapshot.workshop.date ?? '9999').localeCompare(b.snapshot.workshop.date ?? '9999'),
  );
  const consolidation = all.find((w) => w.snapshot.workshop.consolidation);
  const held = all.filter((w) => !w.snapshot.workshop.consolidation);
  const lang: BriefLanguage =
    series.series.language ?? majorityLanguage(held.map((w) => w.snapshot.workshop.language));
  const P = paperLabels(lang);
  const B = briefLabels(lang);
  const longDate = (d: string | null | undefined) => formatLongDate(d ?? null, lang);
  const configured = series.series.actorGroups;
  const groups = (
    configured && configured.length > 0 ? configured : defaultActorGroups(lang)
  ).slice(0, MAX_ACTOR_GROUPS);

  // Chapters are numbered by the workshops' numbers in the series when every one has a
  // distinct number (as origins cite them), else in date order.
  const numbers = held.map((w) => w.snapshot.workshop.seriesNumber ?? null);
  const distinct = numbers.every((n) => n !== null) && new Set(numbers).size === numbers.length;
  const chapters: Chapter[] = held
    .map((w, i) => {
      const number = distinct ? (numbers[i] as number) : i + 1;
      return {
        key: paperChapterKey(w.id, number),
        number,
        snapshot: w.snapshot,
        draft: w.draft,
        ideas: [] as IdeaUnit[],
      };
    })
    .sort((a, b) => a.number - b.number);
  const themes: ThemeUnit[] = [];
  const ideas: IdeaUnit[] = [];
  for (const ch of chapters) {
    const u = unitsOf(ch.snapshot, ch.number);
    ch.ideas = u.ideas;
    themes.push(...u.themes);
    ideas.push(...u.ideas);
  }
  const byId = new Map(
    held.map((w, i) => [w.id, chapters.find((c) => c.snapshot === w.snapshot)?.number ?? i + 1]),
  );
  const workshopRef = (nums: readonly number[]) =>
    nums.length === 0
      ? ''
      : `*${P.workshopRef(listJoin([...new Set(nums)].sort((a, b) => a - b).map(String), lang), new Set(nums).size > 1)}*`;
  const printed = new Printed(lang);

  // ---- Recommendations (allocated first: they are what the paper is for) ----------------
  const recs: Recommendation[] = [];
  let fromConsolidation = false;
  const consolidationUnits = consolidation ? unitsOf(consolidation.snapshot, 0).ideas : [];
  if (consolidationUnits.some(supported)) {
    fromConsolidation = true;
    const perGroup = new Map<number, number>();
    for (const u of [...consolidationUnits].filter(supported).sort(byWeight)) {
      if (recs.length >= MAX_RECOMMENDATIONS) break;
      if (printed.has(u.idea)) continue;
      const group = groupOf(u.idea, u.question.prompt, groups);
      if ((perGroup.get(group) ?? 0) >= RECS_PER_GROUP) continue;
      perGroup.set(group, (perGroup.get(group) ?? 0) + 1);
      const origins = (u.idea.origins ?? [])
        .map((o) => (o.workshopId ? byId.get(o.workshopId) : undefined) ?? o.number)
        .filter((n): n is number => typeof n === 'number');
      printed.take(u.idea);
      recs.push({ unit: u, workshops: [...new Set(origins)], group, number: 0 });
    }
  } else {
    // The workshops' own ranking: the best-supported ideas, near-identical proposals of
    // different workshops combined, at most a few per actor so that every actor is addressed.
    const pool = ideas
      .filter(supported)
      .sort(byWeight)
      .slice(0, MAX_RECOMMENDATIONS * 8);
    const index = buildSimilarityIndex(pool.map((u) => u.idea.text));
    const taken = new Set<number>();
    const perGroup = new Map<number, number>();
    pool.forEach((u, a) => {
      if (taken.has(a) || recs.length >= MAX_RECOMMENDATIONS) return;
      const group = groupOf(u.idea, u.question.prompt, groups);
      if ((perGroup.get(group) ?? 0) >= RECS_PER_GROUP) return;
      const workshops = new Set([u.workshop]);
      for (let b = a + 1; b < pool.length; b++) {
        if (!taken.has(b) && index.similarity(a, b) >= NEAR_DUPLICATE) {
          taken.add(b);
          workshops.add((pool[b] as IdeaUnit).workshop);
          printed.take((pool[b] as IdeaUnit).idea);
        }
      }
      perGroup.set(group, (perGroup.get(group) ?? 0) + 1);
      printed.take(u.idea);
      recs.push({ unit: u, workshops: [...workshops], group, number: 0 });
    });
  }
  const groupOrder = [...new Set(recs.map((r) => r.group))].sort((a, b) =>
    a < 0 ? 1 : b < 0 ? -1 : a - b,
  );
  let n = 1;
  for (const g of groupOrder) for (const r of recs) if (r.group === g) r.number = n++;

  // ---- What the series asks of the Commission ------------------------------------------
  const commissionUnits = ideas.filter((u) => supported(u) && isCommission(u)).sort(byWeight);
  const commissionPrinted: IdeaUnit[] = [];
  // Bounded: on boards of thousands of ideas, the best few hundred are enough to choose from.
  for (const u of commissionUnits.slice(0, 200)) {
    if (commissionPrinted.length >= COMMISSION_IDEAS) break;
    if (printed.has(u.idea)) continue;
    printed.take(u.idea);
    commissionPrinted.push(u);
  }

  // ---- Chapters ---------------------------------------------------------------------------
  const chapterQuotes = new Map<string, IdeaUnit[]>();
  for (const ch of chapters) {
    for (const q of ch.snapshot.questions) {
      const list: IdeaUnit[] = [];
      const seenThemes = new Set<string | null>();
      for (const u of ch.ideas.filter((x) => x.question === q && supported(x)).slice(0, 60)) {
        if (list.length >= CHAPTER_IDEAS_PER_QUESTION) break;
        // One per theme: the chapter says what each strand of the discussion proposed.
        if (u.theme && seenThemes.has(u.theme)) continue;
        if (printed.has(u.idea)) continue;
        printed.take(u.idea);
        seenThemes.add(u.theme);
        list.push(u);
      }
      chapterQuotes.set(`${ch.number}:${q.id}`, list);
    }
  }

  // ---- Cross-cutting themes ---------------------------------------------------------------
  const cross = crossCuttingThemes(themes, ideas);
  const crossQuotes = new Map<CrossTheme, IdeaUnit[]>();
  for (const t of cross) {
    const list: IdeaUnit[] = [];
    for (const u of t.ideas) {
      if (list.length >= 2) break;
      if (printed.has(u.idea)) continue;
      printed.take(u.idea);
      list.push(u);
    }
    crossQuotes.set(t, list);
  }

  // ---- Countries across the series ----------------------------------------------------------
  const countries = new Map<string, IdeaUnit[]>();
  for (const u of ideas.filter(supported)) {
    const tagged = (u.idea.countries ?? []).map((c) => c.toUpperCase()).filter(isBriefCountry);
    const codes =
      tagged.length > 0 ? tagged : countriesNamedIn(`${u.idea.text} ${u.idea.nextStep ?? ''}`);
    for (const code of new Set(codes)) countries.set(code, [...(countries.get(code) ?? []), u]);
  }
  const topCountries = [...countries.entries()]
    .sort(
      (a, b) =>
        new Set(b[1].map((u) => u.workshop)).size - new Set(a[1].map((u) => u.workshop)).size ||
        b[1].length - a[1].length ||
        countryHeading(a[0], lang).localeCompare(countryHeading(b[0], lang), lang),
    )
    .slice(0, MAX_COUNTRIES);

  // Where an idea ended up, for pointers ("recommendation 4", "chapter 2").
  const recOf = new Map<string, number>();
  for (const r of recs) recOf.set(r.unit.idea.id, r.number);

  const sections: GeneratedSection[] = [];
  const add = (key: string, title: string, text: string) => sections.push({ key, title, text });
  const name = series.series.name;
  const dates = chapters
    .map((c) => c.snapshot.workshop.date)
    .filter((d): d is string => !!d)
    .sort();
  const first = longDate(dates[0]);
  const last = longDate(dates[dates.length - 1]);
  const organisers = [
    ...new Set(
      (series.series.organisers?.length
        ? series.series.organisers
        : chapters.flatMap((c) =>
            c.snapshot.workshop.organisers?.length
              ? c.snapshot.workshop.organisers
              : [c.snapshot.workshop.host ?? ''],
          )
      )
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  ];
  const organisersText = organisers.length
    ? userText(listJoin(lang === 'en' ? organisers.map(hostPhraseEn) : organisers, lang))
    : null;
  const seriesName = `*${userText(name)}*`;
  const chatham = chapters.some((c) => c.snapshot.workshop.chathamHouse);

  // Header
  {
    const when = formatMonthYear(dates[dates.length - 1] ?? isoDay(opts.now), lang) ?? '';
    const head = [`# ${userText(name)}`, `**${P.draft}** · ${when}`];
    if (organisers.length > 0) head.push(organisers.map(userText).join(' · '));
    add(PAPER_SECTION_HEADER, P.sectionNames.header, head.join('\n\n'));
  }

  // Executive summary
  {
    const out = [`## ${P.summary}`];
    out.push(
      P.summaryOpening({
        n: chapters.length,
        series: seriesName,
        first,
        last,
        organisers: organisersText,
        consolidation: consolidation
          ? (longDate(consolidation.snapshot.workshop.date) ?? '')
          : null,
      }),
    );
    const findings: string[] = [];
    for (const t of cross.slice(0, 4)) {
      const named = t.themes
        .slice(0, 2)
        .map((x) => P.themeInWorkshop(pointer(x.label), x.workshop));
      const recNums = [
        ...new Set(t.ideas.map((u) => recOf.get(u.idea.id)).filter((x): x is number => !!x)),
      ].sort((a, b) => a - b);
      const recurred = P.findingRecurred(
        t.workshops.length,
        chapters.length,
        listJoin(t.workshops.map(String), lang),
        listJoin(recNums.map(String), lang),
        recNums.length,
      );
      findings.push(
        `- **${userText(t.label)}.** ${recurred}${named.length ? ` ${P.findingNamed(listJoin(named, lang))}` : ''}`,
      );
    }
    if (commissionUnits.length > 0) {
      const ws = [...new Set(commissionUnits.map((u) => u.workshop))].sort((a, b) => a - b);
      findings.push(
        `- **${P.commissionFindingLead}** ${P.commissionFinding(commissionUnits.length, ws.length)}`,
      );
    }
    if (topCountries.length > 0) {
      findings.push(
        `- **${P.countriesFindingLead}** ${P.countriesFinding(
          listJoin(
            topCountries.slice(0, 4).map(([c]) => userText(countryName(c, lang))),
            lang,
          ),
        )}`,
      );
    }
    if (findings.length > 0) {
      out.push(P.findingsLead);
      out.push(findings.join('\n'));
    }
    if (recs.length > 0) {
      const counts = groupOrder.map((g) => {
        const k = recs.filter((r) => r.group === g).length;
        return P.recsToGroup(g < 0 ? B.others.toLowerCase() : (groups[g]?.label ?? B.others), k);
      });
      out.push(P.summaryRecs(recs.length, listJoin(counts, lang), fromConsolidation));
    }
    out.push(`*${P.summaryPrompt}*`);
    add(PAPER_SECTION_SUMMARY, P.sectionNames.summary, out.join('\n\n'));
  }

  // Introduction: the series, how it worked, and the caveat
  {
    const out = [`## ${P.introduction}`];
    if (series.series.description?.trim()) out.push(safeStart(userText(series.series.description)));
    const counts = chapters.map((c) => c.snapshot.participantCount).filter((k) => k > 0);
    let s =
      first && last && chapters.length > 1
        ? P.heldBetween(first, last, chapters.length, seriesName)
        : P.held(chapters.length, seriesName);
    if (counts.length > 0) {
      const lo = Math.min(...counts);
      const hi = Math.max(...counts);
      s += lo === hi ? P.eachSame(lo) : P.eachRange(lo, hi);
    }
    if (ideas.length > 0) s += P.together(ideas.length);
    out.push(s);
    if (consolidation) {
      const cw = consolidation.snapshot.workshop;
      out.push(P.consolidationHeld(longDate(cw.date), consolidationUnits.length));
    }
    out.push(P.method);
    if (chatham) out.push(`> ${P.chatham}`);
    add(PAPER_SECTION_INTRODUCTION, P.sectionNames.introduction, out.join('\n\n'));
  }

  // One chapter per workshop
  for (const ch of chapters) {
    const ws = ch.snapshot.workshop;
    const out = [`## ${ch.number}. ${userText(ws.title)}`];
    const facts = [
      longDate(ws.date) ? P.heldOn(longDate(ws.date) ?? '') : null,
      ws.host?.trim()
        ? P.convenedBy(userText(lang === 'en' ? hostPhraseEn(ws.host) : ws.host.trim()))
        : null,
      ch.snapshot.participantCount > 0 ? P.participants(ch.snapshot.participantCount) : null,
    ].filter((x): x is string => x !== null);
    if (facts.length > 0) out.push(`*${capitalise(facts.join('; '))}.*`);
    const questions = [...ch.snapshot.questions].sort((a, b) => a.position - b.position);
    const subjects = questions.map((q) =>
      questionSubject(
        q,
        ch.ideas.filter((u) => u.question === q),
        B.and,
      ),
    );
    const visible = ch.ideas.length;
    out.push(
      P.chapterOpening(
        ch.number,
        questions.length,
        listJoin(
          subjects.map((x) => pointer(x)),
          lang,
        ),
        visible,
      ),
    );
    const own = editedTakeaways(ch.draft);
    if (own) {
      out.push(`### ${P.mainFindings}`);
      out.push(rapporteurText(own));
    }
    questions.forEach((q, qi) => {
      const units = ch.ideas.filter((u) => u.question === q);
      out.push(`### ${userText(subjects[qi] ?? '')}`);
      const themeLabels = [
        ...new Set(
          units
            .filter(supported)
            .map((u) => u.theme)
            .filter((t): t is string => !!t),
        ),
      ];
      if (units.length === 0) {
        out.push(P.noProposals(`*${userText(shorten(q.prompt, 160))}*`));
      } else {
        out.push(
          P.questionLead(
            `*${userText(shorten(q.prompt, 200))}*`,
            units.length,
            themeLabels.length > 0 ? listJoin(themeLabels.slice(0, 4).map(pointer), lang) : null,
          ),
        );
      }
      if (q.notes.trim()) out.push(rapporteurText(q.notes.trim()));
      const quotes = chapterQuotes.get(`${ch.number}:${q.id}`) ?? [];
      if (quotes.length > 0) {
        out.push(P.quotesLead(quotes.length, units[0]?.voted ?? false));
        out.push(
          quotes
            .map((u) => {
              const word = supportWordOf(u.support, u.voted);
              const support =
                word === 'notVoted' || word === 'none' ? '' : ` (${B.supportShort[word]})`;
              return `- ${ideaText(u.idea, lang)}${support ? ` *${support.trim()}*` : ''}`;
            })
            .join('\n'),
        );
      }
      const taken = units.map((u) => recOf.get(u.idea.id)).filter((x): x is number => !!x);
      if (taken.length > 0)
        out.push(P.takenUp(listJoin(taken.sort((a, b) => a - b).map(String), lang), taken.length));
      const debate = q.debateNote?.trim();
      if (debate) out.push(`**${B.viewsDiffered}** ${rapporteurText(debate)}`);
    });
    add(ch.key, `${ch.number}. ${shorten(ws.title, 80)}`, out.join('\n\n'));
  }

  // Cross-cutting themes
  {
    const out = [`## ${P.crossCutting}`];
    if (cross.length === 0) out.push(P.noCross);
    else {
      out.push(P.crossIntro);
      for (const t of cross) {
        out.push(`### ${userText(t.label)}`);
        let raised = P.raisedIn(t.workshops.length, listJoin(t.workshops.map(String), lang));
        if (t.themes.length > 0) {
          raised += P.namedIn(
            t.themes.length,
            listJoin(
              t.themes.slice(0, 4).map((x) => P.themeInWorkshop(pointer(x.label), x.workshop)),
              lang,
            ),
          );
        }
        out.push(raised);
        const quotes = crossQuotes.get(t) ?? [];
        if (quotes.length > 0)
          out.push(
            quotes
              .map((u) => `- ${ideaText(u.idea, lang)} ${workshopRef([u.workshop])}`)
              .join('\n'),
          );
        const recNums = [
          ...new Set(t.ideas.map((u) => recOf.get(u.idea.id)).filter((x): x is number => !!x)),
        ];
        if (recNums.length > 0)
          out.push(
            P.seeRecs(listJoin(recNums.sort((a, b) => a - b).map(String), lang), recNums.length),
          );
      }
    }
    add(PAPER_SECTION_THEMES, P.sectionNames.themes, out.join('\n\n'));
  }

  // Country examples across the series
  {
    const out = [`## ${P.countries}`];
    if (topCountries.length === 0) out.push(P.noCountries);
    else {
      out.push(P.countriesIntro);
      out.push(
        topCountries
          .map(([code, us]) => {
            const ws = [...new Set(us.map((u) => u.workshop))].sort((a, b) => a - b);
            const where = [
              ...new Set(
                us.map((u) => (u.theme ? pointer(u.theme) : null)).filter((x): x is string => !!x),
              ),
            ].slice(0, 3);
            return `- **${userText(countryHeading(code, lang))}**: ${P.countryLine(us.length, listJoin(ws.map(String), lang), ws.length, where.length ? listJoin(where, lang) : null)}`;
          })
          .join('\n'),
      );
    }
    add(PAPER_SECTION_COUNTRIES, P.sectionNames.countries, out.join('\n\n'));
  }

  // What the series asks of the Peacebuilding Commission
  {
    const out = [`## ${P.commission}`];
    if (commissionUnits.length === 0) out.push(P.noCommission);
    else {
      const ws = [...new Set(commissionUnits.map((u) => u.workshop))].sort((a, b) => a - b);
      out.push(
        P.commissionIntro(commissionUnits.length, listJoin(ws.map(String), lang), ws.length),
      );
      if (commissionPrinted.length > 0) {
        out.push(
          commissionPrinted
            .map((u) => {
              let line = `- ${ideaText(u.idea, lang)}`;
              if (u.idea.nextStep?.trim())
                line += ` *${P.firstStep}* ${stepText(u.idea.nextStep, lang)}`;
              return `${line} ${workshopRef([u.workshop])}`;
            })
            .join('\n'),
        );
      }
      const themesOf = [
        ...new Map(
          commissionUnits
            .filter((u) => u.theme)
            .map((u) => [
              `${u.workshop}:${u.theme}`,
              P.themeInWorkshop(pointer(u.theme ?? ''), u.workshop),
            ]),
        ).values(),
      ].slice(0, 6);
      if (themesOf.length > 0) out.push(P.commissionThemes(listJoin(themesOf, lang)));
      const recNums = recs.filter((r) => isCommission(r.unit)).map((r) => r.number);
      if (recNums.length > 0)
        out.push(P.seeRecs(listJoin(recNums.map(String), lang), recNums.length));
      out.push(`*${P.commissionPrompt}*`);
    }
    add(PAPER_SECTION_COMMISSION, P.sectionNames.commission, out.join('\n\n'));
  }

  // Recommendations by actor
  {
    const out = [`## ${P.recommendations}`];
    if (recs.length === 0) out.push(P.noRecs);
    else {
      out.push(fromConsolidation ? P.recsIntroConsolidation : P.recsIntro);
      for (const g of groupOrder) {
        const label = g < 0 ? B.others : B.forGroup(groups[g]?.label ?? B.others);
        out.push(`### ${userText(capitalise(label))}`);
        out.push(
          recs
            .filter((r) => r.group === g)
            .map((r) => {
              let line = ideaText(r.unit.idea, lang);
              if (r.unit.idea.nextStep?.trim())
                line += ` *${P.firstStep}* ${stepText(r.unit.idea.nextStep, lang)}`;
              const actor = r.unit.idea.actor?.trim();
              // Said only when the heading does not already say it.
              const heading = new Set(contentOf(g < 0 ? '' : (groups[g]?.label ?? '')));
              if (actor && !contentOf(actor).every((w) => heading.has(w)))
                line += ` *${B.stakeholders} ${userText(trimWhere(actor, (c) => '.;,'.includes(c), 'end'))}.*`;
              const origin = workshopRef(r.workshops);
              return `${r.number}. ${line}${origin ? ` ${origin}` : ''}`;
            })
            .join('\n'),
        );
      }
    }
    add(PAPER_SECTION_RECOMMENDATIONS, P.sectionNames.recommendations, out.join('\n\n'));
  }

  // Annex: the series plan as held
  {
    const out = [`## ${P.annex}`];
    const plan = series.plan ?? [];
    const cell = (s: string | null | undefined) => userText((s ?? '').replace(/\|/g, '/')) || '–';
    if (plan.length > 0) {
      out.push(P.annexPlanIntro);
      out.push(
        [
          `| ${P.annexPlanHeader.join(' | ')} |`,
          `| ${P.annexPlanHeader.map(() => '---').join(' | ')} |`,
          ...plan.map(
            (t) =>
              `| ${t.number ?? '–'} | ${cell(t.title)} | ${cell(longDate(t.heldDate ?? t.plannedDate) ?? t.plannedDate)} | ${cell(t.host)} | ${P.status[t.status]} |`,
          ),
        ].join('\n'),
      );
    } else {
      out.push(
        [
          `| ${P.annexHeader.join(' | ')} |`,
          `| ${P.annexHeader.map(() => '---').join(' | ')} |`,
          ...chapters.map((c) => {
            const w = c.snapshot.workshop;
            return `| ${c.number} | ${cell(w.title)} | ${cell(longDate(w.date))} | ${cell(w.host)} | ${c.snapshot.participantCount} |`;
          }),
        ].join('\n'),
      );
    }
    add(PAPER_SECTION_ANNEX, P.sectionNames.annex, out.join('\n\n'));
  }

  return { language: lang, title: name, sections };
}

/** "the International Peace Institute" (English only; other languages keep names as typed). */
function hostPhraseEn(host: string): string {
  const h = host.trim();
  if (/^the\s/i.test(h)) return h;
  return /\b(Institute|Foundation|Cent(er|re)|Council|University|Ministry|Office|Department|Programme|Program|Commission|Agency|Initiative|Forum|Network|Group|Fund|Academy|Society|Association|School)\b/.test(
    h,
  )
    ? `the ${h}`
    : h;
}

/** The stored (co-edited) paper as a document ready for any renderer. */
export function paperDocument(paper: {
  language: BriefLanguage;
  title: string;
  sections: readonly { key: string; text: string }[];
}): BriefDocument {
  const sections: DocumentSection[] = paper.sections.map((s) => ({
    key: s.key,
    blocks: parseBrief(s.text),
  }));
  return {
    kind: 'paper',
    language: paper.language,
    title: paper.title,
    subject: paperLabels(paper.language).subject,
    sections,
  };
}

/**
 * The paper as exported: each section's draft where rapporteurs have one (generated at least
 * once), the generated text where not.
 */
export function composeSeriesPaper(
  series: SeriesSnapshot,
  opts: BriefOptions,
  draft: BriefDraft = {},
): BriefDocument {
  const paper = generateSeriesPaper(series, opts);
  return paperDocument({
    ...paper,
    sections: paper.sections.map((g) => {
      const d = draft[g.key];
      return { key: g.key, text: d && d.base !== null ? d.text : g.text };
    }),
  });
}
