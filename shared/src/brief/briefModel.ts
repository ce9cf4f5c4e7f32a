import type { Lang } from '../domain/language.ts';
import { groupByActor } from './actors.ts';
import { type Block, parseBrief, rapporteurText, safeStart, userText } from './markdown.ts';
import {
  briefSectionKeys,
  questionOfSection,
  questionSectionKey,
  SECTION_ANNEX,
  SECTION_HEADER,
  SECTION_OPENING,
  SECTION_RECOMMENDATIONS,
  SECTION_TAKEAWAYS,
  sectionTitle,
} from './sections.ts';
import { groupNearDuplicates } from './similarity.ts';
import type { BriefDraft, BriefIdea, BriefQuestion, BriefSnapshot } from './snapshot.ts';
import {
  type IdeaSupport,
  ideaSupportPhrase,
  levelWeight,
  type QuestionSupport,
  questionSupport,
  roundResult,
  type ThemeSupport,
  themeSupportPhrase,
} from './support.ts';
import {
  capitalise,
  countOf,
  isoDay,
  joinAnd,
  longDate,
  monthYear,
  numberWord,
  sentence,
  shorten,
  trimWhere,
} from './text.ts';

/**
 * The meeting brief, generated from a board snapshot: one Markdown text per section (see
 * `sections.ts`), modelled on the briefs think tanks publish after a meeting held under the
 * Chatham House Rule. Participants appear only as a number; support is put in words; numbers
 * are kept for the annex, whose table of every idea and its votes is added at export time from
 * the board (it is data, not prose, and stays out of the collaborative draft).
 */

export interface BriefOptions {
  /** Used for the month and year when the workshop has no date. */
  now: Date;
}

export interface GeneratedSection {
  key: string;
  title: string;
  text: string;
}

/** How many ideas a theme lists in the body; the rest are in the annex. */
const IDEAS_PER_THEME = 8;
/** Recommendations are the best-supported ideas that name an actor. */
const MAX_RECOMMENDATIONS = 12;

/** Everything the sections need about one question, computed once. */
interface QuestionView {
  q: BriefQuestion;
  number: number;
  support: QuestionSupport;
  ideas: Map<string, BriefIdea>;
  labels: Map<string, string>;
}

function analyse(snapshot: BriefSnapshot): QuestionView[] {
  return [...snapshot.questions]
    .sort((a, b) => a.position - b.position)
    .map((q, i) => ({
      q,
      number: i + 1,
      support: questionSupport(q),
      ideas: new Map(q.ideas.filter((x) => x.status === 'visible').map((x) => [x.id, x])),
      labels: new Map(q.clusters.map((c) => [c.id, c.label.trim() || 'Untitled theme'])),
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

function durationPhrase(minutes: number | null): string {
  if (!minutes) return '';
  if (minutes % 60 === 0 && minutes <= 600) return `${numberWord(minutes / 60)}-hour `;
  if (minutes % 30 === 0 && minutes < 600) {
    const h = Math.floor(minutes / 60);
    return h === 0 ? 'half-hour ' : `${numberWord(h)}-and-a-half-hour `;
  }
  return `${minutes}-minute `;
}

// ---- Sections ----------------------------------------------------------------------------

function headerSection(s: BriefSnapshot, opts: BriefOptions): string {
  const w = s.workshop;
  const when = (w.date && monthYear(w.date)) ?? monthYear(isoDay(opts.now)) ?? '';
  const lines = [`# ${userText(w.title) || 'Workshop'}`, `**Meeting brief** · ${when}`];
  if (w.series) lines.push(`*${userText(w.series)}* workshop series`);
  if (w.host) lines.push(`Convened by ${userText(hostPhrase(w.host))}`);
  return lines.join('\n\n');
}

function openingSection(s: BriefSnapshot, views: QuestionView[]): string {
  const w = s.workshop;
  const date = longDate(w.date);
  const topic = `*${userText(w.title)}*`;
  const kind = `${durationPhrase(w.durationMinutes)}workshop`;
  let first: string;
  if (date && w.host)
    first = `On ${date}, ${userText(hostPhrase(w.host))} convened a ${kind} on ${topic}.`;
  else if (date) first = `On ${date}, a ${kind} was convened on ${topic}.`;
  else if (w.host)
    first = `${capitalise(userText(hostPhrase(w.host)))} convened a ${kind} on ${topic}.`;
  else first = `This brief reports on a ${kind} on ${topic}.`;
  if (w.series) first += ` It was part of the *${userText(w.series)}* series.`;

  const n = s.participantCount;
  const k = views.length;
  const ideas = views.reduce((t, v) => t + v.ideas.size, 0);
  const themes = views.reduce((t, v) => t + v.support.themes.length, 0);
  const voted = views.some((v) => v.support.voted);
  const parts: string[] = [];
  const around = `organised around ${countOf(k, 'question')}`;
  parts.push(
    n > 0
      ? `The meeting brought together ${countOf(n, 'participant')} and was ${around}.`
      : `The meeting was ${around}.`,
  );
  if (ideas > 0) {
    let how = `Participants put forward ${countOf(ideas, 'concrete idea')}`;
    if (themes > 0) how += `, which were grouped into ${countOf(themes, 'theme')}`;
    how += voted ? ' and prioritised by dot voting.' : '.';
    parts.push(how);
  }
  parts.push(
    'This brief summarises the main ideas, the support they received in the room and the ways forward participants proposed.',
  );
  const out = [safeStart(first), parts.join(' ')];
  if (w.chathamHouse) {
    out.push(
      '> The meeting was held under the Chatham House Rule. This brief summarises the main points of the discussion without attribution and does not necessarily represent the views of all participants.',
    );
  }
  return out.join('\n\n');
}

/** An idea as a sentence, with who should act and the first step when given. */
function ideaLine(
  idea: BriefIdea,
  opts: { actor: boolean; support?: IdeaSupport; similar?: number },
): string {
  let line = safeStart(userText(sentence(idea.text)));
  if (opts.actor && idea.actor) line += ` *Who should act:* ${userText(sentence(idea.actor))}`;
  if (idea.nextStep)
    line += ` *First step:* ${userText(sentence(capitalise(idea.nextStep.trim())))}`;
  const phrase = opts.support ? ideaSupportPhrase(opts.support.level) : '';
  if (phrase) line += ` ${phrase}`;
  const similar = (opts.similar ?? 0) + idea.mergedCount;
  if (similar === 1) line += ' A similar idea was put forward separately.';
  else if (similar > 1) line += ` Similar ideas were put forward ${countOf(similar, 'more time')}.`;
  return line;
}

interface Candidate {
  view: QuestionView;
  theme: ThemeSupport | null;
  lead: IdeaSupport;
  weight: number;
}

function takeawaysSection(views: QuestionView[]): string {
  // The best-supported theme of each question first, then runners-up, then strong ideas that
  // were never clustered; 3 to 6 bullets, in agenda order.
  const firsts: Candidate[] = [];
  const seconds: Candidate[] = [];
  const loose: Candidate[] = [];
  for (const view of views) {
    const { support } = view;
    support.themes.forEach((theme, rank) => {
      const lead = support.ranking.find(
        (r) => view.ideas.get(r.ideaId)?.clusterId === theme.clusterId,
      );
      if (!lead) return;
      const weight = support.voted ? theme.share + levelWeight(theme.level) : theme.ideas;
      (rank === 0 ? firsts : seconds).push({ view, theme, lead, weight });
    });
    for (const r of support.ranking) {
      if (view.ideas.get(r.ideaId)?.clusterId) continue;
      if (support.voted && r.votes === 0) continue;
      loose.push({ view, theme: null, lead: r, weight: r.share + levelWeight(r.level) });
    }
  }
  const byWeight = (a: Candidate, b: Candidate) => b.weight - a.weight;
  const chosen = [...firsts].sort(byWeight).slice(0, 6);
  for (const pool of [seconds, loose]) {
    for (const c of [...pool].sort(byWeight)) {
      if (chosen.length >= 3) break;
      chosen.push(c);
    }
  }
  if (chosen.length === 0) return '## Key takeaways\n\nNo ideas were recorded at this meeting.';
  chosen.sort(
    (a, b) =>
      a.view.number - b.view.number ||
      b.weight - a.weight ||
      a.lead.ideaId.localeCompare(b.lead.ideaId),
  );
  const bullets = chosen.map((c) => {
    const idea = c.view.ideas.get(c.lead.ideaId);
    const text = idea ? userText(sentence(idea.text)) : '';
    if (!c.theme) return `- ${safeStart(text)}`;
    const label = c.view.labels.get(c.theme.clusterId) ?? '';
    return `- **${userText(trimWhere(label, (c) => c === '.' || c === ':', 'end'))}.** ${text}`;
  });
  return ['## Key takeaways', bullets.join('\n')].join('\n\n');
}

function questionSection(view: QuestionView): string {
  const { q, support, ideas, labels } = view;
  const out: string[] = [`## Question ${view.number}`, `*${userText(q.prompt)}*`];
  const themed = support.themes;
  const unclustered = support.ranking.filter((r) => !ideas.get(r.ideaId)?.clusterId);

  if (ideas.size === 0) {
    out.push('No ideas were recorded on this question.');
  } else {
    let intro = `Participants put forward ${countOf(ideas.size, 'idea')} on this question`;
    if (themed.length > 0) intro += `, grouped into ${countOf(themed.length, 'theme')}`;
    intro += '.';
    if (support.voted)
      intro += ' Themes and ideas are listed in order of the support they received.';
    if (support.divided?.kind === 'themes') {
      const [a, b] = support.divided.ids;
      intro += ` Views differed on priorities: the themes “${userText(labels.get(a) ?? '')}” and “${userText(labels.get(b) ?? '')}” received similar support.`;
    } else if (support.divided?.kind === 'ideas') {
      intro += ' Views differed on priorities: two ideas shared the strongest support.';
    }
    out.push(intro);
  }
  if (q.notes.trim()) out.push(rapporteurText(q.notes));

  const list = (members: IdeaSupport[]) => {
    // Near-duplicates are shown once, under the best-supported wording.
    const shown = groupNearDuplicates(
      members.slice(0, IDEAS_PER_THEME * 2),
      (r) => ideas.get(r.ideaId)?.text ?? '',
    );
    const lines: string[] = [];
    let saidSeveral = false;
    for (const group of shown.slice(0, IDEAS_PER_THEME)) {
      const lead = group[0];
      const idea = lead ? ideas.get(lead.ideaId) : undefined;
      if (!lead || !idea) continue;
      // Ideas are listed by support: say it in words where it stands out, not on every line.
      const say =
        lead.level === 'strongest' ||
        lead.level === 'jointStrongest' ||
        lead.level === 'majority' ||
        (lead.level === 'several' && !saidSeveral);
      if (lead.level === 'several') saidSeveral = true;
      lines.push(
        `- ${ideaLine(idea, { actor: true, ...(say ? { support: lead } : {}), similar: group.length - 1 })}`,
      );
    }
    const listedIds = new Set(
      shown
        .slice(0, IDEAS_PER_THEME)
        .flat()
        .map((r) => r.ideaId),
    );
    const rest = members.filter((m) => !listedIds.has(m.ideaId)).length;
    const tail =
      rest > 0
        ? `${capitalise(countOf(rest, 'further idea'))} ${rest === 1 ? 'is' : 'are'} listed in the annex.`
        : '';
    return { lines: lines.join('\n'), tail };
  };

  for (const theme of themed) {
    const members = support.ranking.filter(
      (r) => ideas.get(r.ideaId)?.clusterId === theme.clusterId,
    );
    out.push(`### ${userText(labels.get(theme.clusterId) ?? '')}`);
    const phrase = themeSupportPhrase(theme.level);
    if (phrase) out.push(`*${phrase}*`);
    const { lines, tail } = list(members);
    out.push(lines);
    if (tail) out.push(tail);
  }
  if (unclustered.length > 0) {
    if (themed.length > 0) out.push('### Other ideas');
    const { lines, tail } = list(unclustered);
    out.push(lines);
    if (tail) out.push(tail);
  }
  return out.join('\n\n');
}

function recommendationsSection(views: QuestionView[]): string {
  const candidates: { idea: BriefIdea; support: IdeaSupport; weight: number; order: number }[] = [];
  for (const view of views) {
    for (const r of view.support.ranking) {
      const idea = view.ideas.get(r.ideaId);
      if (!idea?.actor?.trim()) continue;
      if (view.support.voted && r.votes === 0) continue;
      candidates.push({
        idea,
        support: r,
        weight: view.support.voted ? levelWeight(r.level) + r.share : 0,
        order: view.number * 1e6 + idea.seq,
      });
    }
  }
  candidates.sort((a, b) => b.weight - a.weight || a.order - b.order);
  // Only the best few can be picked: compare those, not every idea of a large board.
  const distinct = groupNearDuplicates(
    candidates.slice(0, MAX_RECOMMENDATIONS * 5),
    (c) => c.idea.text,
  ).map((g) => g[0]);
  const picked = distinct.filter((c) => c !== undefined).slice(0, MAX_RECOMMENDATIONS);
  const out = ['## Recommendations and ways forward'];
  if (picked.length === 0) {
    out.push(
      'Participants did not address their ideas to specific actors; the sections above set out the ideas with the strongest support.',
    );
    return out.join('\n\n');
  }
  out.push(
    'The recommendations below draw on the best-supported ideas of the meeting, grouped by the actor they address.',
  );
  let n = 1;
  for (const group of groupByActor(picked, (c) => c.idea.actor ?? '')) {
    out.push(`### ${userText(group.label)}`);
    out.push(
      group.items
        .map((c) => {
          let line = safeStart(userText(sentence(c.idea.text)));
          if (c.idea.nextStep) {
            line += ` *First step:* ${userText(sentence(capitalise(c.idea.nextStep.trim())))}`;
          }
          return `${n++}. ${line}`;
        })
        .join('\n'),
    );
  }
  return out.join('\n\n');
}

function annexSection(s: BriefSnapshot, views: QuestionView[]): string {
  const w = s.workshop;
  const out = ['## Annex', '### Method'];
  const hidden = views.filter((v) => v.q.mode === 'hidden').map((v) => v.number);
  let method =
    'Ideas were collected live with Convene: participants wrote short, concrete proposals on their own devices, each optionally naming who should act and a first step.';
  if (hidden.length > 0) {
    method += ` On ${hidden.length === views.length ? 'every question' : `question ${joinAnd(hidden.map(String))}`}, ideas stayed hidden until the facilitator revealed them all at once, so that early ideas would not anchor later ones.`;
  }
  if (views.some((v) => v.q.clusters.length > 0)) {
    method +=
      ' The facilitators then grouped the ideas into themes in front of the room, merging duplicates.';
  }
  const rounds = views.flatMap((v) => v.q.rounds.map((r) => ({ v, r })));
  if (rounds.length > 0) {
    const budgets = [...new Set(rounds.map(({ r }) => r.budget))];
    const maxes = [...new Set(rounds.map(({ r }) => r.maxPerIdea))];
    const budgetText =
      budgets.length === 1
        ? countOf(budgets[0] ?? w.voteBudget, 'dot')
        : `between ${Math.min(...budgets)} and ${Math.max(...budgets)} dots`;
    const maxText =
      maxes.length === 1
        ? `at most ${countOf(maxes[0] ?? 1, 'dot')} on any one idea`
        : 'a limit of dots per idea';
    method += ` Participants then prioritised the ideas by dot voting: in each round every participant had ${budgetText} to place, with ${maxText}. Votes stayed secret until the results were shown.`;
    const multi = views.filter((v) => v.q.rounds.length > 1);
    for (const v of multi) {
      const later = v.q.rounds.slice(1);
      const restricted = later.find((r) => r.restrictedTo);
      method += ` Question ${v.number} went to ${countOf(v.q.rounds.length, 'round')}${restricted?.restrictedTo ? `, the later limited to the ${restricted.restrictedTo} best-supported ideas of the round before` : ''}.`;
    }
  } else {
    method += ' No vote was held.';
  }
  if (w.chathamHouse) {
    method += ' Names were not shown with ideas or votes, and this brief records neither.';
  }
  out.push(method);

  out.push('### Agenda');
  out.push(
    views
      .map((v) => {
        let line = `${v.number}. ${safeStart(userText(v.q.prompt))}`;
        if (v.q.plannedMinutes)
          line += ` (${v.q.plannedMinutes} minutes planned${v.q.actualMinutes > 0 ? `, ${v.q.actualMinutes} taken` : ''})`;
        else if (v.q.actualMinutes > 0) line += ` (${v.q.actualMinutes} minutes)`;
        return line;
      })
      .join('\n'),
  );

  out.push('### Participation');
  let part = `${s.participantCount} ${s.participantCount === 1 ? 'participant' : 'participants'} took part.`;
  const votersPerQuestion = views
    .map((v) => {
      const last = v.q.rounds[v.q.rounds.length - 1];
      return last ? `${last.voters} on question ${v.number}` : null;
    })
    .filter((x): x is string => x !== null);
  if (votersPerQuestion.length > 0)
    part += ` Voters in the final round of each question: ${joinAnd(votersPerQuestion)}.`;
  out.push(part);
  out.push(
    '### Ideas and votes',
    'Every idea on the board, by question, with the dots it received in each voting round.',
  );
  return out.join('\n\n');
}

/** The generated text of every section, in order. */
export function generateBrief(snapshot: BriefSnapshot, opts: BriefOptions): GeneratedSection[] {
  const views = analyse(snapshot);
  const texts = new Map<string, string>([
    [SECTION_HEADER, headerSection(snapshot, opts)],
    [SECTION_OPENING, openingSection(snapshot, views)],
    [SECTION_TAKEAWAYS, takeawaysSection(views)],
    [SECTION_RECOMMENDATIONS, recommendationsSection(views)],
    [SECTION_ANNEX, annexSection(snapshot, views)],
  ]);
  for (const v of views) texts.set(questionSectionKey(v.q.id), questionSection(v));
  return briefSectionKeys(views.map((v) => v.q.id)).map((key) => {
    const qid = questionOfSection(key);
    const number = qid ? views.find((v) => v.q.id === qid)?.number : undefined;
    return { key, title: sectionTitle(key, number), text: texts.get(key) ?? '' };
  });
}

/** Only the key takeaways (what a series paper takes from each brief). */
export function generateTakeaways(snapshot: BriefSnapshot): string {
  return takeawaysSection(analyse(snapshot));
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
  title: string;
  /** Metadata for file properties (DOCX) and the HTML head. */
  subject: string;
  sections: DocumentSection[];
  /** The document's language: `lang` of the HTML, `w:lang` of Word (issue 14; default en). */
  language?: Lang;
}

/** The key of the generated annex data (never part of the editable draft). */
export const SECTION_IDEA_TABLES = 'ideaTables';

/**
 * The brief as it will be exported: each section's draft where a rapporteur has one (it was
 * generated at least once, then possibly edited), the generated text where not, then the annex
 * tables from the board.
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
  sections.push({ key: SECTION_IDEA_TABLES, blocks: ideaTables(snapshot) });
  return {
    kind: 'brief',
    title: snapshot.workshop.title,
    subject: 'Meeting brief',
    sections,
    language: snapshot.workshop.language ?? 'en',
  };
}
