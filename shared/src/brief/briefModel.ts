import { actorGroupIndex, defaultActorGroups, MAX_ACTOR_GROUPS } from './actors.ts';
import { countriesNamedIn, countryHeading, countryName, isBriefCountry } from './countries.ts';
import {
  type BriefLabels,
  briefLabels,
  formatLongDate,
  formatMonthYear,
  listJoin,
  type SupportWord,
} from './labels.ts';
import { type Block, parseBrief, rapporteurText, safeStart, userText } from './markdown.ts';
import {
  briefSectionKeys,
  questionOfSection,
  questionSectionKey,
  SECTION_ANNEX,
  SECTION_COMMISSION,
  SECTION_COUNTRIES,
  SECTION_HEADER,
  SECTION_OPENING,
  SECTION_RECOMMENDATIONS,
  SECTION_TAKEAWAYS,
  sectionTitle,
} from './sections.ts';
import { buildSimilarityIndex, NEAR_DUPLICATE, tokens } from './similarity.ts';
import type {
  ActorGroupConfig,
  BriefDraft,
  BriefIdea,
  BriefLanguage,
  BriefQuestion,
  BriefSnapshot,
} from './snapshot.ts';
import {
  type IdeaSupport,
  type QuestionSupport,
  questionSupport,
  roundResult,
  supportRank,
  supportTiers,
  supportWordOf,
} from './support.ts';
import {
  capitalise,
  fold,
  isoDay,
  normaliseIdeaText,
  oneLine,
  sentence,
  shorten,
  trimWhere,
} from './text.ts';

/**
 * The meeting brief, generated from a board snapshot: one Markdown text per section (see
 * `sections.ts`), in the genre of the briefs think tanks publish after a meeting held under the
 * Chatham House Rule (issue 14). Participants appear only by the kind of institution they come
 * from; support is put in calibrated words; each idea is printed once; the vote tables go to the
 * organisers' results annex, never into the publishable brief.
 */

export interface BriefOptions {
  /** Used for the month and year when the workshop has no date. */
  now: Date;
  /** Groups for recommendations by actor (else the workshop's, else the default list). */
  actorGroups?: ActorGroupConfig[];
}

export interface GeneratedSection {
  key: string;
  title: string;
  text: string;
}

/** Everything the sections need about one question, computed once. */
interface QuestionView {
  q: BriefQuestion;
  number: number;
  support: QuestionSupport;
  ideas: Map<string, BriefIdea>;
  labels: Map<string, string>;
  /** The section's heading: short title, else derived (set once ideas are placed). */
  title: string;
  /** Ideas of a voted question left out of the body because nobody voted for them. */
  unsupported: number;
  /** Ideas with some support left out because their theme already lists the best few. */
  further: number;
}

function analyse(snapshot: BriefSnapshot, L: BriefLabels = briefLabels('en')): QuestionView[] {
  return [...snapshot.questions]
    .sort((a, b) => a.position - b.position)
    .map((q, i) => ({
      q,
      number: i + 1,
      support: questionSupport(q),
      ideas: new Map(q.ideas.filter((x) => x.status === 'visible').map((x) => [x.id, x])),
      labels: new Map(q.clusters.map((c) => [c.id, c.label.trim() || L.untitledTheme])),
      title: '',
      unsupported: 0,
      further: 0,
    }));
}

/** "the International Peace Institute"; names without an institutional noun stay as typed. */
export function hostPhrase(host: string): string {
  const h = host.trim();
  if (/^the\s/i.test(h)) return h;
  return /\b(Institute|Foundation|Cent(er|re)|Council|University|Ministry|Office|Department|Programme|Program|Commission|Agency|Mission|Embassy|Initiative|Forum|Network|Group|Secretariat|Fund|Academy|Society|Association|School)\b/.test(
    h,
  )
    ? `the ${h}`
    : h;
}

// ---- Sections ----------------------------------------------------------------------------
//
// The brief follows the genre of meeting briefs published by peace-and-security think tanks
// (issue 14): thematic sections, support in hedged words, each point said once. The question
// sections are the only place an idea's text is printed; every other section points back to
// them by theme, country or actor.

/** Where an idea is said in the body, for the sections that point back to it. */
interface Placement {
  view: QuestionView;
  idea: BriefIdea;
  support: IdeaSupport;
  word: SupportWord;
  /** The theme it is listed under, or null (unclustered). */
  theme: string | null;
  /** Near-duplicates merged into its line. */
  similar: number;
}

interface Context {
  s: BriefSnapshot;
  L: BriefLabels;
  lang: BriefLanguage;
  views: QuestionView[];
  groups: ActorGroupConfig[];
  /** Every idea printed in the body (near-duplicate leads and contested ideas). */
  placed: Map<string, Placement>;
  /** Each merged near-duplicate → its lead. */
  mergedInto: Map<string, string>;
  /** The countries of the body's ideas, computed once (see `countryMentions`). */
  countries?: Map<string, Placement[]>;
}

const italic = (s: string) => `*${userText(s)}*`;

/** The idea's text as printed in the body: normalised, escaped, a sentence. */
function ideaText(idea: BriefIdea, lang: BriefLanguage): string {
  return safeStart(userText(sentence(normaliseIdeaText(idea.text, lang))));
}

/** A theme label or question title as a pointer (italic, no trailing punctuation). */
function pointer(label: string): string {
  return italic(trimWhere(label.trim(), (c) => '.:;,'.includes(c), 'end'));
}

/** A short pointer to an unclustered idea: its opening words, cut. */
function gist(idea: BriefIdea, lang: BriefLanguage): string {
  return `“${userText(shorten(normaliseIdeaText(idea.text, lang), 48))}”`;
}

function placementPointer(p: Placement, lang: BriefLanguage): string {
  return p.theme ? pointer(p.theme) : gist(p.idea, lang);
}

/**
 * The heading of a question: the organiser's short title; else the names of its two leading
 * themes (the theme of its best-supported idea first), which say what the section is about;
 * else the prompt, shortened.
 */
function questionTitle(view: QuestionView, c: Context): string {
  const short = view.q.shortTitle?.trim();
  if (short) return short;
  const clean = (l: string) => trimWhere(l, (ch) => '.:;,'.includes(ch), 'end');
  const themes: string[] = [];
  for (const r of view.support.ranking) {
    const p = c.placed.get(r.ideaId);
    if (p?.theme && !themes.includes(clean(p.theme))) themes.push(clean(p.theme));
  }
  const [first, second] = themes;
  if (first && second) {
    // "Transition benchmarks and focused mandates": the second in lower case unless it opens
    // with an acronym or a name ("PBC advice", "Liberia's transition").
    const lower =
      /^\p{Lu}\p{Ll}/u.test(second) && countriesNamedIn(second.split(/\s/)[0] ?? '').length === 0;
    const and = ` ${c.L.and} `;
    // "Flexibility and risk and joint funding" would not parse: a semicolon then.
    const glue = first.includes(and) || second.includes(and) ? '; ' : and;
    const joined = `${first}${glue}${lower ? second.charAt(0).toLowerCase() + second.slice(1) : second}`;
    if (joined.length <= 64) return joined;
  }
  if (first) return first;
  return shorten(
    trimWhere(view.q.prompt.trim(), (ch) => ch === '?' || ch === '.', 'end'),
    70,
  );
}

function headerSection(c: Context, opts: BriefOptions): string {
  const w = c.s.workshop;
  const { L, lang } = c;
  const when = formatMonthYear(w.date ?? isoDay(opts.now), lang) ?? '';
  const lines = [`# ${userText(w.title) || L.untitledWorkshop}`, `**${L.meetingBrief}** · ${when}`];
  const series = (w.seriesTitle ?? w.series)?.trim();
  if (series) {
    lines.push(
      w.seriesNumber ? `${italic(series)} · ${L.workshopNumber(w.seriesNumber)}` : italic(series),
    );
  }
  const organisers = organisersOf(w);
  if (organisers.length > 0) lines.push(organisers.map(userText).join(' · '));
  return lines.join('\n\n');
}

function organisersOf(w: BriefSnapshot['workshop']): string[] {
  const list = (w.organisers ?? []).map((o) => o.trim()).filter(Boolean);
  if (list.length > 0) return [...new Set(list)];
  return w.host?.trim() ? [w.host.trim()] : [];
}

const TYPE_ORDER = ['memberStates', 'unSystem', 'research', 'civilSociety', 'other'] as const;

function openingSection(c: Context): string {
  const w = c.s.workshop;
  const { L, lang } = c;
  const organisers = organisersOf(w);
  const named = lang === 'en' ? organisers.map(hostPhrase) : organisers;
  const hours =
    w.durationMinutes && w.durationMinutes % 60 === 0 && w.durationMinutes <= 600
      ? w.durationMinutes / 60
      : null;
  const series = (w.seriesTitle ?? w.series)?.trim() || null;
  const first = L.opening({
    date: formatLongDate(w.date, lang),
    organisers: named.length > 0 ? userText(listJoin(named, lang)) : null,
    organiserCount: named.length,
    topic: italic(w.title || L.untitledWorkshop),
    series: series ? italic(series) : null,
    number: w.seriesNumber ?? null,
    hours,
  });
  const parts = [safeStart(first)];
  if (w.chathamHouse) parts.push(L.chathamHouse);
  const types = w.participantTypes ?? {};
  const kinds = TYPE_ORDER.filter((k) => (types[k] ?? 0) > 0).map((k) => L.participantTypes[k]);
  if (kinds.length > 0) parts.push(L.broughtTogether(listJoin(kinds, lang)));
  else if (c.s.participantCount > 0) parts.push(L.broughtTogetherCount(c.s.participantCount));
  const out = [parts.join(' ')];
  const context = w.context?.trim();
  out.push(context ? rapporteurText(context) : italic(L.contextPrompt));
  out.push(`> ${w.chathamHouse ? L.disclaimerChatham : L.disclaimer}`);
  return out.join('\n\n');
}

/** How many proposals a theme lists; the rest are counted, and are in the organisers' results. */
const IDEAS_PER_THEME = 10;
/** How many a question without themes lists. */
const IDEAS_UNTHEMED = 16;

/** Inside one theme, ideas this close say the same thing (tuned on the fixture's known pairs). */
const SAME_THEME_DUPLICATE = 0.3;

/** Single-link groups of items (best first); each group keeps the items' order. */
function groupBy<T>(items: readonly T[], same: (a: T, b: T) => boolean): T[][] {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    return r;
  };
  for (let a = 0; a < items.length; a++) {
    for (let b = a + 1; b < items.length; b++) {
      if (same(items[a] as T, items[b] as T)) {
        const ra = find(a);
        const rb = find(b);
        if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
    }
  }
  const groups = new Map<number, T[]>();
  items.forEach((item, i) => {
    const r = find(i);
    groups.set(r, [...(groups.get(r) ?? []), item]);
  });
  return [...groups.values()];
}

/** Lays out every question's ideas once, so the other sections can point back to them. */
function placeIdeas(c: Context): void {
  for (const view of c.views) {
    const { support, ideas, labels } = view;
    const byTheme = new Map<string | null, IdeaSupport[]>();
    for (const r of support.ranking) {
      const cid = ideas.get(r.ideaId)?.clusterId ?? null;
      const key = cid && labels.has(cid) ? cid : null;
      const list = byTheme.get(key);
      if (list) list.push(r);
      else byTheme.set(key, [r]);
    }
    const themed = [...byTheme.keys()].some((k) => k !== null);
    // A short brief lists the best-supported few of each theme; near-duplicates are looked for
    // among those only (comparing every pair of a 3,000-idea board took seconds).
    const shortlist = new Map<string | null, IdeaSupport[]>();
    for (const [cid, members] of byTheme) {
      const cap = cid || themed ? IDEAS_PER_THEME : IDEAS_UNTHEMED;
      shortlist.set(cid, members.slice(0, cap * 3));
      view.further += Math.max(0, members.length - cap * 3);
    }
    // Compared against every shortlisted idea of the question, so that words they all use
    // weigh little; inside one theme a lower bar suffices (the facilitators already put the two
    // side by side).
    const order = [...shortlist.values()].flat().map((r) => r.ideaId);
    const index = buildSimilarityIndex(order.map((id) => ideas.get(id)?.text ?? ''));
    const at = new Map(order.map((id, i) => [id, i]));
    for (const [cid, considered] of shortlist) {
      const cap = cid || themed ? IDEAS_PER_THEME : IDEAS_UNTHEMED;
      let listed = 0;
      const groups = groupBy(
        considered,
        (a, b) =>
          index.similarity(at.get(a.ideaId) ?? -1, at.get(b.ideaId) ?? -1) >=
          (cid ? SAME_THEME_DUPLICATE : NEAR_DUPLICATE),
      );
      for (const g of groups) {
        const lead = g[0];
        const idea = lead ? ideas.get(lead.ideaId) : undefined;
        if (!lead || !idea) continue;
        // A proposal nobody voted for stays in the results annex, unless it is contested
        // (disagreement is worth recording whatever the vote).
        if (support.voted && lead.votes === 0 && !idea.contested) {
          view.unsupported += g.length;
          continue;
        }
        if (listed >= cap && !idea.contested) {
          view.further += g.length;
          continue;
        }
        listed++;
        c.placed.set(idea.id, {
          view,
          idea,
          support: lead,
          word: supportWordOf(lead, support.voted),
          theme: cid ? (labels.get(cid) ?? null) : null,
          similar: g.length - 1 + idea.mergedCount,
        });
        for (const other of g.slice(1)) c.mergedInto.set(other.ideaId, idea.id);
      }
    }
  }
}

function ideaBullet(p: Placement, c: Context): string {
  let line = ideaText(p.idea, c.lang);
  if (p.similar === 1) line += ` ${c.L.similarOnce}`;
  else if (p.similar > 1) line += ` ${c.L.similarMore(p.similar)}`;
  return `- ${line}`;
}

/** A theme's (or a group's) ideas in support tiers, each tier opened by its phrase. */
function tieredList(items: Placement[], c: Context, voted: boolean): string[] {
  const out: string[] = [];
  const plain = items.filter((p) => !p.idea.contested);
  const tiers = supportTiers(
    plain.map((p) => p.support),
    voted,
  );
  const byId = new Map(plain.map((p) => [p.idea.id, p]));
  for (const tier of tiers) {
    out.push(c.L.tierLead(tier.word, tier.items.length));
    out.push(
      tier.items
        .map((s) => byId.get(s.ideaId))
        .filter((p): p is Placement => !!p)
        .map((p) => ideaBullet(p, c))
        .join('\n'),
    );
  }
  for (const p of items.filter((x) => x.idea.contested)) {
    let para = `${c.L.viewsDifferedIdea} ${ideaText(p.idea, c.lang)}`;
    if (p.idea.contestNote?.trim()) para += ` ${userText(sentence(p.idea.contestNote))}`;
    out.push(para);
  }
  return out;
}

function questionSection(view: QuestionView, c: Context): string {
  const { q, support } = view;
  const { L } = c;
  const out: string[] = [`## ${userText(view.title)}`];
  const placed = [...c.placed.values()].filter((p) => p.view === view);
  const themed = support.themes.filter((t) => placed.some((p) => p.idea.clusterId === t.clusterId));
  let intro: string;
  if (view.ideas.size === 0) intro = `${L.askedQuestion(italic(q.prompt))} ${L.noIdeasOnQuestion}`;
  else if (themed.length > 0)
    intro = `${L.ideasGrouped(italic(q.prompt), view.ideas.size, themed.length)}${support.voted ? L.orderedBySupport : ''}.`;
  else intro = L.ideasPut(italic(q.prompt), view.ideas.size);
  out.push(intro);
  if (q.notes.trim()) out.push(rapporteurText(q.notes));

  const rank = new Map(support.ranking.map((r, i) => [r.ideaId, i]));
  const byRank = (a: Placement, b: Placement) =>
    (rank.get(a.idea.id) ?? 0) - (rank.get(b.idea.id) ?? 0);
  for (const theme of themed) {
    const cluster = q.clusters.find((x) => x.id === theme.clusterId);
    out.push(`### ${userText(view.labels.get(theme.clusterId) ?? L.untitledTheme)}`);
    if (cluster?.contested) {
      const note = cluster.contestNote?.trim();
      out.push(
        `${L.viewsDifferedTheme}${note ? ` ${userText(sentence(note))}` : ` ${italic(L.debatePrompt)}`}`,
      );
    }
    const members = placed.filter((p) => p.idea.clusterId === theme.clusterId).sort(byRank);
    out.push(...tieredList(members, c, support.voted));
  }
  const loose = placed.filter((p) => !p.theme).sort(byRank);
  if (loose.length > 0) {
    if (themed.length > 0) {
      out.push(`### ${L.otherProposals}`);
      out.push(...tieredList(loose, c, support.voted));
    } else {
      // No themes: group by who should act when that splits the list, so the section still
      // reads by subject rather than as one long list.
      const buckets = new Map<number, Placement[]>();
      for (const p of loose) {
        const g = groupOf(p, c);
        buckets.set(g, [...(buckets.get(g) ?? []), p]);
      }
      if (buckets.size > 1 && loose.length >= 6) {
        const order = [...buckets.keys()].sort((a, b) => (a < 0 ? 1 : b < 0 ? -1 : a - b));
        for (const g of order) {
          out.push(
            `### ${userText(capitalise(g < 0 ? L.others : (c.groups[g]?.label ?? L.others)))}`,
          );
          out.push(...tieredList(buckets.get(g) ?? [], c, support.voted));
        }
      } else out.push(...tieredList(loose, c, support.voted));
    }
  }
  if (view.further > 0) out.push(L.further(view.further));
  if (view.unsupported > 0) out.push(L.unsupported(view.unsupported));
  const debate = q.debateNote?.trim();
  if (debate) {
    out.push(
      /^(views|les avis|las opiniones)\b/i.test(debate)
        ? rapporteurText(debate)
        : `**${L.viewsDiffered}** ${rapporteurText(debate)}`,
    );
  }
  return out.join('\n\n');
}

/** The actor group of an idea: the typed actor's, else what its text names, else -1. */
function groupOf(p: Placement, c: Context): number {
  const typed = p.idea.actor?.trim();
  if (typed) {
    const g = actorGroupIndex(typed, c.groups);
    if (g >= 0) return g;
  }
  if (p.idea.pbc) {
    const g = actorGroupIndex('Peacebuilding Commission', c.groups);
    if (g >= 0) return g;
  }
  const fromText = actorGroupIndex(`${p.idea.text} ${p.idea.nextStep ?? ''}`, c.groups);
  if (fromText >= 0) return fromText;
  return actorGroupIndex(p.view.q.prompt, c.groups);
}

interface Thread {
  lead: string;
  body: string;
  weight: number;
}

/** How much an idea counts in a thread: its share of voters, a little without a vote. */
const weightOf = (p: Placement) => (p.view.support.voted ? p.support.share : 0.1) + 0.01;

function takeawaysSection(c: Context): string {
  const { L, lang } = c;
  const out = [`## ${L.takeaways}`];
  const placed = [...c.placed.values()].filter((p) => p.word !== 'none');
  if (c.placed.size === 0) {
    out.push(L.noIdeas);
    return out.join('\n\n');
  }
  const threads: Thread[] = [];
  const questionList = (nums: Set<QuestionView>) =>
    listJoin(
      [...nums].sort((a, b) => a.number - b.number).map((v) => pointer(v.title)),
      lang,
    );
  const themeList = (ps: Placement[]) =>
    listJoin([...new Set(ps.map((p) => placementPointer(p, lang)))].slice(0, 3), lang);

  // Actors that recur across questions.
  const byGroup = new Map<number, Placement[]>();
  for (const p of placed) {
    if (p.view.support.voted && p.word !== 'broad' && p.word !== 'several') continue;
    const g = groupOf(p, c);
    if (g >= 0) byGroup.set(g, [...(byGroup.get(g) ?? []), p]);
  }
  const actorThreads: Thread[] = [];
  for (const [g, ps] of byGroup) {
    const qs = new Set(ps.map((p) => p.view));
    if (qs.size < 2) continue;
    const label = capitalise(c.groups[g]?.label ?? '');
    ps.sort((a, b) => weightOf(b) - weightOf(a));
    actorThreads.push({
      lead: L.threadActorLead(userText(label), qs.size, qs.size === c.views.length && qs.size > 2),
      body: L.threadActor(themeList(ps)),
      weight: ps.reduce((n, p) => n + weightOf(p), 0),
    });
  }
  // At most two actors: a list of everyone who came up says nothing.
  threads.push(...actorThreads.sort((a, b) => b.weight - a.weight).slice(0, 2));
  // The country most returned to.
  const countries = countryMentions(c);
  const topCountry = [...countries.entries()].sort(
    (a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]),
  )[0];
  if (topCountry) {
    const [code, ps] = topCountry;
    const qs = new Set(ps.map((p) => p.view));
    // A country is a thread when several proposals drew on it, not just two.
    if (ps.length >= 3) {
      threads.push({
        lead: L.threadCountry(userText(capitalise(countryName(code, lang))), ps.length),
        body: L.threadCountryBody(questionList(qs)),
        weight: ps.reduce((n, p) => n + weightOf(p), 0),
      });
    }
  }
  // Words the facilitators' theme names share across questions.
  const stemQuestions = new Map<
    string,
    { surface: string; views: Set<QuestionView>; labels: string[] }
  >();
  for (const v of c.views) {
    for (const t of v.support.themes) {
      const label = v.labels.get(t.clusterId) ?? '';
      for (const tok of tokens(label)) {
        for (const st of tok.stems) {
          if (st.length < 4) continue;
          const e = stemQuestions.get(st) ?? { surface: tok.surface, views: new Set(), labels: [] };
          e.views.add(v);
          e.labels.push(label);
          stemQuestions.set(st, e);
        }
      }
    }
  }
  threads.sort((a, b) => b.weight - a.weight);
  const fillers: Thread[] = [];
  for (const [, e] of stemQuestions) {
    if (e.views.size < 2) continue;
    fillers.push({
      lead: L.threadTerm(userText(capitalise(e.surface.toLowerCase())), e.views.size),
      body: L.threadTermBody(listJoin([...new Set(e.labels)].slice(0, 3).map(pointer), lang)),
      weight: 0.5 * e.views.size,
    });
  }
  fillers.sort((a, b) => b.weight - a.weight);
  const chosen = threads.slice(0, 5);
  for (const f of fillers) if (chosen.length < 3) chosen.push(f);
  // Fewer than three threads: the best-supported theme of each question, as a statement.
  if (chosen.length < 3) {
    const fallback = c.views
      .flatMap((v) =>
        v.support.themes.slice(0, 1).map((t) => ({
          v,
          label: v.labels.get(t.clusterId) ?? '',
          word: themeWord(v, t.clusterId, c),
        })),
      )
      .filter((x) => x.label);
    for (const f of fallback) {
      if (chosen.length >= 3) break;
      chosen.push({
        lead: L.threadTheme(userText(trimWhere(f.label, (ch) => '.:;,'.includes(ch), 'end'))),
        body: L.threadThemeBody(f.word),
        weight: 0,
      });
    }
  }
  if (chosen.length === 0) {
    out.push(italic(L.takeawaysPrompt));
    return out.join('\n\n');
  }
  out.push(chosen.map((t) => `- **${t.lead}** ${t.body}`).join('\n'));
  out.push(italic(L.takeawaysPrompt));
  return out.join('\n\n');
}

/** A theme's support in one word: that of its best idea. */
function themeWord(v: QuestionView, clusterId: string, c: Context): SupportWord {
  let best: SupportWord = v.support.voted ? 'none' : 'notVoted';
  for (const p of c.placed.values()) {
    if (p.view === v && p.idea.clusterId === clusterId && supportRank(p.word) > supportRank(best))
      best = p.word;
  }
  return best;
}

/**
 * The countries of the body's ideas: the lens tags, and for ideas nobody tagged the countries
 * their text or first step names.
 */
function countryMentions(c: Context): Map<string, Placement[]> {
  if (c.countries) return c.countries;
  const out = new Map<string, Placement[]>();
  c.countries = out;
  for (const p of c.placed.values()) {
    const tagged = (p.idea.countries ?? [])
      .map((x) => x.toUpperCase())
      .filter((x) => isBriefCountry(x));
    const codes =
      tagged.length > 0 ? tagged : countriesNamedIn(`${p.idea.text} ${p.idea.nextStep ?? ''}`);
    for (const code of new Set(codes)) out.set(code, [...(out.get(code) ?? []), p]);
  }
  return out;
}

const MAX_COUNTRIES = 6;

function countriesSection(c: Context): string {
  const { L, lang } = c;
  const mentions = [...countryMentions(c).entries()]
    .sort(
      (a, b) =>
        b[1].length - a[1].length ||
        countryHeading(a[0], lang).localeCompare(countryHeading(b[0], lang), lang),
    )
    .slice(0, MAX_COUNTRIES);
  if (mentions.length === 0) return '';
  const lines = mentions.map(([code, ps]) => {
    const where = listJoin([...new Set(ps.map((p) => placementPointer(p, lang)))], lang);
    return `- **${userText(countryHeading(code, lang))}**: ${L.countryLine(ps.length, where)}`;
  });
  return [`## ${L.countries}`, lines.join('\n')].join('\n\n');
}

/** Whether an idea asks something of the Peacebuilding Commission. */
function isCommission(p: Placement): boolean {
  if (p.idea.pbc) return true;
  const names = [...new Set(['en', 'fr', 'es'].flatMap((l) => briefLabels(l).commissionNames))];
  const hasName = (t: string) =>
    names.some((n) =>
      n.length <= 3
        ? new RegExp(`(^|[^\\p{L}])${n}([^\\p{L}]|$)`, 'u').test(t)
        : fold(t).includes(fold(n)),
    );
  if (hasName(`${p.idea.actor ?? ''} ${p.idea.text} ${p.idea.nextStep ?? ''}`)) return true;
  // "the Commission" in a question about the Peacebuilding Commission.
  return hasName(p.view.q.prompt) && /\bCommission\b|\bComisión\b/.test(p.idea.text);
}

function commissionSection(c: Context): string {
  const { L, lang } = c;
  const ps = [...c.placed.values()].filter((p) => isCommission(p));
  if (ps.length === 0) return '';
  const views = new Set(ps.map((p) => p.view));
  // One line per theme (or unthemed idea), best supported first.
  const lines = new Map<string, { p: Placement; word: SupportWord; n: number }>();
  for (const p of ps) {
    const key = `${p.view.number}:${p.theme ?? p.idea.id}`;
    const e = lines.get(key);
    if (!e) lines.set(key, { p, word: p.word, n: 1 });
    else {
      e.n++;
      if (supportRank(p.word) > supportRank(e.word)) e.word = p.word;
    }
  }
  const items = [...lines.values()]
    .sort((a, b) => supportRank(b.word) - supportRank(a.word) || a.p.view.number - b.p.view.number)
    .map(({ p, word }) => {
      const support = word === 'notVoted' || word === 'none' ? '' : `: ${L.supportShort[word]}`;
      return `- ${placementPointer(p, lang)}${support}.`;
    });
  return [`## ${L.commission}`, L.commissionIntro(ps.length, views.size), items.join('\n')].join(
    '\n\n',
  );
}

const MAX_RECOMMENDATIONS = 8;

function recommendationsSection(c: Context): string {
  const { L, lang } = c;
  const out = [`## ${L.recommendations}`];
  const all = [...c.placed.values()];
  const voted = c.views.some((v) => v.support.voted);
  // By support, whether or not an actor was typed; without a vote, the proposals that came
  // with a first step.
  let picks = voted
    ? all.filter((p) => p.word === 'broad' || p.word === 'several')
    : all.filter((p) => p.idea.nextStep?.trim());
  for (const v of c.views) {
    const best = all
      .filter((p) => p.view === v)
      .sort((a, b) => b.support.share - a.support.share)[0];
    if (best && best.support.votes > 0 && !picks.includes(best)) picks.push(best);
  }
  picks = picks
    .sort(
      (a, b) =>
        b.support.share - a.support.share ||
        a.view.number - b.view.number ||
        a.idea.seq - b.idea.seq,
    )
    .slice(0, MAX_RECOMMENDATIONS);
  if (picks.length === 0) {
    out.push(L.noRecommendations);
    return out.join('\n\n');
  }
  out.push(voted ? L.recommendationsIntro : L.recommendationsIntroNoVote);
  const groups = new Map<number, Placement[]>();
  for (const p of picks) {
    const g = groupOf(p, c);
    groups.set(g, [...(groups.get(g) ?? []), p]);
  }
  const themeCount = new Map<string, number>();
  for (const p of picks) if (p.theme) themeCount.set(p.theme, (themeCount.get(p.theme) ?? 0) + 1);
  let n = 1;
  const order = [...groups.keys()].sort((a, b) => (a < 0 ? 1 : b < 0 ? -1 : a - b));
  for (const g of order) {
    const label = g < 0 ? L.others : (c.groups[g]?.label ?? L.others);
    out.push(`### ${userText(capitalise(g < 0 ? label : L.forGroup(label)))}`);
    const items = (groups.get(g) ?? []).map((p) => {
      // The first step is the recommendation; the pointer says which proposal it serves,
      // without printing the proposal again.
      const ref =
        p.theme && (themeCount.get(p.theme) ?? 0) === 1 ? pointer(p.theme) : gist(p.idea, lang);
      const step = p.idea.nextStep?.trim();
      let line = step
        ? `${userText(trimWhere(capitalise(normaliseIdeaText(step, lang)), (ch) => '.;,'.includes(ch), 'end'))} (${ref}).`
        : `${L.takeForward(ref)} ${italic(L.addFirstStep)}`;
      const actor = p.idea.actor?.trim();
      const typed = actor ? trimWhere(oneLine(actor), (ch) => '.;,'.includes(ch), 'end') : '';
      // Said only when the heading does not already say it ("Peacebuilding Fund" under "the
      // Peacebuilding Commission and Fund" would repeat it).
      const words = (t: string) =>
        fold(t)
          .split(/[^\p{L}\p{N}]+/u)
          .filter((w) => w.length > 3);
      const heading = new Set(words(label));
      if (typed && !words(typed).every((w) => heading.has(w))) {
        line += ` ${italic(`${L.stakeholders} ${userText(typed)}.`)}`;
      }
      // Consolidation session (issue 15): the workshops the proposal was carried from.
      const from = originList(p.idea, lang);
      if (from) line += ` ${italic(L.fromWorkshops(from.list, from.count))}`;
      return `${n++}. ${line}`;
    });
    out.push(items.join('\n'));
  }
  return out.join('\n\n');
}

/** A carried idea's workshops as words ("2 and 4"; a topic when a workshop has no number). */
function originList(idea: BriefIdea, lang: BriefLanguage): { list: string; count: number } | null {
  const origins = idea.origins ?? [];
  if (origins.length === 0) return null;
  const items = origins.map((o) =>
    o.number !== null ? String(o.number) : `“${oneLine(o.topic)}”`,
  );
  return { list: listJoin(items, lang), count: items.length };
}

function annexSection(c: Context): string {
  const { L, s } = c;
  const out = [`## ${L.annex}`, `### ${L.agenda}`];
  out.push(
    c.views
      .map((v) => {
        const minutes = v.q.plannedMinutes ? ` (${L.minutes(v.q.plannedMinutes)})` : '';
        return `${v.number}. ${safeStart(userText(v.title))}${minutes}`;
      })
      .join('\n'),
  );
  out.push(`### ${L.participation}`);
  const types = s.workshop.participantTypes ?? {};
  const kinds = TYPE_ORDER.filter((k) => (types[k] ?? 0) > 0);
  if (kinds.length > 0) {
    out.push(
      kinds.map((k) => `- ${L.participationType(L.participantTypes[k], types[k] ?? 0)}`).join('\n'),
    );
  } else if (s.participantCount > 0) out.push(L.participationCount(s.participantCount));
  return out.join('\n\n');
}

function context(snapshot: BriefSnapshot, opts: BriefOptions): Context {
  const lang = (['en', 'fr', 'es'] as const).find((l) => l === snapshot.workshop.language) ?? 'en';
  const L = briefLabels(lang);
  const configured = opts.actorGroups ?? snapshot.workshop.actorGroups;
  const groups = (
    configured && configured.length > 0 ? configured : defaultActorGroups(lang)
  ).slice(0, MAX_ACTOR_GROUPS);
  const views = analyse(snapshot, L);
  const c: Context = {
    s: snapshot,
    L,
    lang,
    views,
    groups,
    placed: new Map(),
    mergedInto: new Map(),
  };
  placeIdeas(c);
  for (const v of views) v.title = questionTitle(v, c);
  return c;
}

/** The generated text of every section, in order. */
export function generateBrief(snapshot: BriefSnapshot, opts: BriefOptions): GeneratedSection[] {
  const c = context(snapshot, opts);
  const texts = new Map<string, string>([
    [SECTION_HEADER, headerSection(c, opts)],
    [SECTION_OPENING, openingSection(c)],
    [SECTION_TAKEAWAYS, takeawaysSection(c)],
    [SECTION_COUNTRIES, countriesSection(c)],
    [SECTION_COMMISSION, commissionSection(c)],
    [SECTION_RECOMMENDATIONS, recommendationsSection(c)],
    [SECTION_ANNEX, annexSection(c)],
  ]);
  for (const v of c.views) texts.set(questionSectionKey(v.q.id), questionSection(v, c));
  return briefSectionKeys(c.views.map((v) => v.q.id)).map((key) => {
    const qid = questionOfSection(key);
    const number = qid ? c.views.find((v) => v.q.id === qid)?.number : undefined;
    return { key, title: sectionTitle(key, number, c.lang), text: texts.get(key) ?? '' };
  });
}

/** Only the key takeaways (what a series paper takes from each brief). */
export function generateTakeaways(snapshot: BriefSnapshot): string {
  return takeawaysSection(context(snapshot, { now: new Date(0) }));
}

/** The annex data: one table per question, every idea with its dots per round. */
export function ideaTables(snapshot: BriefSnapshot): Block[] {
  const blocks: Block[] = [];
  for (const view of analyse(snapshot)) {
    const { q, support, ideas, labels } = view;
    if (ideas.size === 0) continue;
    const rounds = [...q.rounds].sort((a, b) => a.number - b.number);
    const header = ['Idea', 'Theme', 'Who should act', 'First step'];
    if (rounds.length === 1) header.push('Votes');
    else for (const r of rounds) header.push(`Round ${r.number}`);
    const cell = (s: string) => (s ? [{ text: s }] : []);
    const rows = support.ranking.map((r) => {
      const idea = ideas.get(r.ideaId) as BriefIdea;
      const text =
        idea.mergedCount > 0
          ? `${idea.text.replace(/\s+/g, ' ').trim()} (${idea.mergedCount} duplicate${idea.mergedCount === 1 ? '' : 's'} merged in)`
          : idea.text.replace(/\s+/g, ' ').trim();
      const row = [
        cell(text),
        cell(idea.clusterId ? (labels.get(idea.clusterId) ?? '') : ''),
        cell(idea.actor?.replace(/\s+/g, ' ').trim() ?? ''),
        cell(idea.nextStep?.replace(/\s+/g, ' ').trim() ?? ''),
      ];
      for (const round of rounds) {
        const res = roundResult(round, idea.id);
        row.push(cell(res ? String(res.votes) : '–'));
      }
      return row;
    });
    blocks.push({
      type: 'paragraph',
      text: [
        { text: `Question ${view.number}.`, strong: true },
        { text: ' ' },
        { text: shorten(q.prompt, 110), em: true },
      ],
    });
    if (rounds.length === 0) {
      blocks.push({ type: 'paragraph', text: [{ text: 'No vote was held on this question.' }] });
    }
    blocks.push({ type: 'table', header: header.map(cell), rows });
  }
  return blocks;
}

/** One section of a document ready for rendering. */
export interface DocumentSection {
  key: string;
  blocks: Block[];
}

/** A brief (or a series paper) as blocks, ready for any renderer. */
export interface BriefDocument {
  kind: 'brief' | 'paper';
  /** The document's language (`lang` of the HTML, the Word file's proofing language). */
  language?: BriefLanguage;
  title: string;
  /** Metadata for file properties (DOCX) and the HTML head. */
  subject: string;
  sections: DocumentSection[];
}

/** The key of the vote tables when an export adds them (the organisers' results annex). */
export const SECTION_IDEA_TABLES = 'ideaTables';

/**
 * The brief as it will be exported: each section's draft where a rapporteur has one (it was
 * generated at least once, then possibly edited), the generated text where not. The vote tables
 * are not part of it (issue 14): they belong to the organisers' results annex (`ideaTables`).
 */
export function composeBrief(
  snapshot: BriefSnapshot,
  draft: BriefDraft,
  opts: BriefOptions,
): BriefDocument {
  const generated = generateBrief(snapshot, opts);
  const sections: DocumentSection[] = generated.map((g) => {
    const d = draft[g.key];
    const text = d && d.base !== null ? d.text : g.text;
    return { key: g.key, blocks: parseBrief(text) };
  });
  const L = briefLabels(snapshot.workshop.language);
  return {
    kind: 'brief',
    language: L.lang,
    title: snapshot.workshop.title,
    subject: L.meetingBrief,
    sections,
  };
}
