import type { Lang } from '../domain/language.ts';
import type { BriefDocument } from './briefModel.ts';
import type { Block, Inline } from './markdown.ts';
import { csvCell } from './renderers.ts';
import type { BriefIdea, BriefQuestion, BriefRound, BriefSnapshot } from './snapshot.ts';

/**
 * The results annex (issue 14, item 8): the organisers' record of how the room weighed its
 * ideas — every voting round with its ballot, dots and voters, and the method's mechanics —
 * kept out of the publishable brief, whose genre hedges support in words and never prints vote
 * counts. Markdown and Word from the same blocks as the brief, and a CSV of the ballots. Like
 * the brief it names no person and no software: the tallies are counts, never who voted.
 */

interface Labels {
  subject: string;
  notForPublication: string;
  method: string;
  methodText: (s: BriefSnapshot) => string;
  noVote: string;
  round: (n: number) => string;
  roundText: (r: BriefRound) => string;
  restricted: (n: number) => string;
  rank: string;
  idea: string;
  theme: string;
  dots: string;
  voters: string;
  merged: (n: number) => string;
  csv: string[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const EN: Labels = {
  subject: 'Results annex',
  notForPublication:
    'For the organisers: voting results and method. Not part of the published brief.',
  method: 'Method',
  methodText: (s) =>
    `${plural(s.participantCount, 'participant', 'participants')} joined. For each question, participants wrote ideas, which the facilitator grouped into themes and merged where they duplicated each other. Support was then weighed by dot voting: each participant had ${plural(s.workshop.voteBudget, 'dot', 'dots')} per question and round, with at most ${plural(s.workshop.maxVotesPerIdea, 'dot', 'dots')} on one idea, unless a round's settings say otherwise below. Ballots were secret; only the totals below were revealed. Where a question had more than one round, a later round could be restricted to the best-supported ideas of the one before.`,
  noVote: 'No vote was held on this question.',
  round: (n) => `Round ${n}`,
  roundText: (r) =>
    `${plural(r.budget, 'dot', 'dots')} per participant, at most ${r.maxPerIdea} per idea; ${plural(r.voters, 'participant', 'participants')} voted.`,
  restricted: (n) => ` The ballot was restricted to ${plural(n, 'idea', 'ideas')}.`,
  rank: 'Rank',
  idea: 'Idea',
  theme: 'Theme',
  dots: 'Dots',
  voters: 'Voters',
  merged: (n) => ` (${plural(n, 'duplicate', 'duplicates')} merged in)`,
  csv: [
    'Question no.',
    'Question',
    'Round',
    'Dots per participant',
    'Most dots per idea',
    'Voters in round',
    'Rank',
    'Idea',
    'Theme',
    'Dots',
    'Voters',
  ],
};

const FR: Labels = {
  subject: 'Annexe des résultats',
  notForPublication:
    'Pour les organisateurs : résultats des votes et méthode. Ne fait pas partie de la note publiée.',
  method: 'Méthode',
  methodText: (s) =>
    `${plural(s.participantCount, 'participant a pris part', 'participants ont pris part')} à l'atelier. Pour chaque question, les participants ont rédigé des idées, que l'animateur a regroupées par thèmes et fusionnées lorsqu'elles se répétaient. Le soutien a ensuite été mesuré par un vote à points : chaque participant disposait de ${plural(s.workshop.voteBudget, 'point', 'points')} par question et par tour, dont ${plural(s.workshop.maxVotesPerIdea, 'point', 'points')} au plus sur une même idée, sauf indication contraire ci-dessous. Les votes étaient secrets ; seuls les totaux ci-dessous ont été dévoilés. Lorsqu'une question a connu plusieurs tours, un tour pouvait être limité aux idées les mieux soutenues du tour précédent.`,
  noVote: "Cette question n'a pas fait l'objet d'un vote.",
  round: (n) => `Tour ${n}`,
  roundText: (r) =>
    `${plural(r.budget, 'point', 'points')} par participant, au plus ${r.maxPerIdea} par idée ; ${plural(r.voters, 'participant a voté', 'participants ont voté')}.`,
  restricted: (n) => ` Le vote portait sur ${plural(n, 'idée', 'idées')} seulement.`,
  rank: 'Rang',
  idea: 'Idée',
  theme: 'Thème',
  dots: 'Points',
  voters: 'Votants',
  merged: (n) => ` (${plural(n, 'doublon fusionné', 'doublons fusionnés')})`,
  csv: [
    'Question n°',
    'Question',
    'Tour',
    'Points par participant',
    'Points au plus par idée',
    'Votants du tour',
    'Rang',
    'Idée',
    'Thème',
    'Points',
    'Votants',
  ],
};

const ES: Labels = {
  subject: 'Anexo de resultados',
  notForPublication:
    'Para los organizadores: resultados de las votaciones y método. No forma parte de la nota publicada.',
  method: 'Método',
  methodText: (s) =>
    `Participaron ${plural(s.participantCount, 'persona', 'personas')}. Para cada pregunta, los participantes redactaron ideas, que la persona facilitadora agrupó en temas y fusionó cuando se repetían. El apoyo se midió después con una votación por puntos: cada participante tenía ${plural(s.workshop.voteBudget, 'punto', 'puntos')} por pregunta y ronda, con ${plural(s.workshop.maxVotesPerIdea, 'punto', 'puntos')} como máximo en una misma idea, salvo que se indique otra cosa más abajo. El voto fue secreto; solo se revelaron los totales que siguen. Cuando una pregunta tuvo varias rondas, una ronda podía limitarse a las ideas con más apoyo de la anterior.`,
  noVote: 'Esta pregunta no se sometió a votación.',
  round: (n) => `Ronda ${n}`,
  roundText: (r) =>
    `${plural(r.budget, 'punto', 'puntos')} por participante, como máximo ${r.maxPerIdea} por idea; ${plural(r.voters, 'participante votó', 'participantes votaron')}.`,
  restricted: (n) => ` La votación se limitó a ${plural(n, 'idea', 'ideas')}.`,
  rank: 'Puesto',
  idea: 'Idea',
  theme: 'Tema',
  dots: 'Puntos',
  voters: 'Votantes',
  merged: (n) => ` (${plural(n, 'duplicado fusionado', 'duplicados fusionados')})`,
  csv: [
    'Pregunta n.º',
    'Pregunta',
    'Ronda',
    'Puntos por participante',
    'Máximo de puntos por idea',
    'Votantes de la ronda',
    'Puesto',
    'Idea',
    'Tema',
    'Puntos',
    'Votantes',
  ],
};

const LABELS: Record<Lang, Labels> = { en: EN, fr: FR, es: ES };

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const span = (text: string): Inline => (text ? [{ text }] : []);

/** A round's ballot, best first: dots, then distinct voters, then order of arrival. */
function ballot(round: BriefRound, ideas: ReadonlyMap<string, BriefIdea>) {
  const rows = round.results.filter((r) => ideas.has(r.ideaId));
  rows.sort(
    (a, b) =>
      b.votes - a.votes ||
      b.voters - a.voters ||
      (ideas.get(a.ideaId)?.seq ?? 0) - (ideas.get(b.ideaId)?.seq ?? 0),
  );
  // Equal dots and voters share a rank: the annex must not order a tie.
  let rank = 0;
  return rows.map((r, i) => {
    const prev = rows[i - 1];
    if (!prev || prev.votes !== r.votes || prev.voters !== r.voters) rank = i + 1;
    return { ...r, rank, idea: ideas.get(r.ideaId) as BriefIdea };
  });
}

function questionHeading(q: BriefQuestion, number: number): string {
  const title = q.shortTitle?.trim() || oneLine(q.prompt);
  return `${number}. ${title.length > 120 ? `${title.slice(0, 119)}…` : title}`;
}

const sorted = (s: BriefSnapshot) => [...s.questions].sort((a, b) => a.position - b.position);

export function composeResultsAnnex(snapshot: BriefSnapshot): BriefDocument {
  const language = snapshot.workshop.language ?? 'en';
  const L = LABELS[language];
  const blocks: Block[] = [
    { type: 'heading', level: 1, text: span(snapshot.workshop.title) },
    { type: 'paragraph', text: [{ text: L.subject, strong: true }] },
    { type: 'paragraph', text: [{ text: L.notForPublication, em: true }] },
    { type: 'heading', level: 2, text: span(L.method) },
    { type: 'paragraph', text: span(L.methodText(snapshot)) },
  ];
  sorted(snapshot).forEach((q, k) => {
    blocks.push({ type: 'heading', level: 2, text: span(questionHeading(q, k + 1)) });
    if (q.shortTitle?.trim())
      blocks.push({ type: 'paragraph', text: [{ text: oneLine(q.prompt), em: true }] });
    const ideas = new Map(q.ideas.map((i) => [i.id, i]));
    const labels = new Map(q.clusters.map((c) => [c.id, c.label]));
    const rounds = [...q.rounds].sort((a, b) => a.number - b.number);
    if (rounds.length === 0) blocks.push({ type: 'paragraph', text: span(L.noVote) });
    for (const r of rounds) {
      if (rounds.length > 1)
        blocks.push({ type: 'heading', level: 3, text: span(L.round(r.number)) });
      const restricted = r.restrictedTo !== null ? L.restricted(r.restrictedTo) : '';
      blocks.push({ type: 'paragraph', text: span(`${L.roundText(r)}${restricted}`) });
      const rows = ballot(r, ideas).map((b) => [
        span(String(b.rank)),
        span(
          `${oneLine(b.idea.text)}${b.idea.mergedCount > 0 ? L.merged(b.idea.mergedCount) : ''}`,
        ),
        span(b.idea.clusterId ? oneLine(labels.get(b.idea.clusterId) ?? '') : ''),
        span(String(b.votes)),
        span(String(b.voters)),
      ]);
      // A theme column only when the question has themes (an empty column says nothing).
      const themed = rows.some((row) => (row[2] as Inline).length > 0);
      const header = [L.rank, L.idea, ...(themed ? [L.theme] : []), L.dots, L.voters].map(span);
      blocks.push({
        type: 'table',
        header,
        rows: themed ? rows : rows.map((row) => row.filter((_, c) => c !== 2)),
      });
    }
  });
  return {
    kind: 'brief',
    title: snapshot.workshop.title,
    subject: L.subject,
    sections: [{ key: 'results', blocks }],
    language,
  };
}

/**
 * One row per idea on each round's ballot, with the round's settings. UTF-8 with a BOM and
 * CRLF line ends, as the ideas CSV (what Excel needs to open it with accents intact).
 */
export function renderResultsCsv(snapshot: BriefSnapshot): string {
  const L = LABELS[snapshot.workshop.language ?? 'en'];
  const lines = [L.csv.map(csvCell).join(',')];
  sorted(snapshot).forEach((q, k) => {
    const ideas = new Map(q.ideas.map((i) => [i.id, i]));
    const labels = new Map(q.clusters.map((c) => [c.id, c.label]));
    for (const r of [...q.rounds].sort((a, b) => a.number - b.number)) {
      for (const b of ballot(r, ideas)) {
        lines.push(
          [
            k + 1,
            q.prompt,
            r.number,
            r.budget,
            r.maxPerIdea,
            r.voters,
            b.rank,
            b.idea.text,
            b.idea.clusterId ? (labels.get(b.idea.clusterId) ?? '') : '',
            b.votes,
            b.voters,
          ]
            .map(csvCell)
            .join(','),
        );
      }
    }
  });
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
