import { countryName } from '../domain/countries.ts';
import { DEFAULT_LENSES, type LensConfig, orderedValues } from '../domain/lenses.ts';
import type { BriefDocument } from './briefModel.ts';
import { type Block, type Inline, renderMarkdownBlocks } from './markdown.ts';
import type { BriefIdea, BriefSnapshot } from './snapshot.ts';
import { questionSupport, roundResult } from './support.ts';
import { stripControls } from './text.ts';

/**
 * Pure renderers of a brief or series paper: Markdown, a standalone printable HTML page, and
 * the CSV of ideas. (DOCX needs the `docx` package and lives on the server.)
 */

// ---- Markdown ---------------------------------------------------------------------------

export function renderMarkdown(doc: BriefDocument): string {
  const blocks = doc.sections.flatMap((s) => s.blocks);
  return renderMarkdownBlocks(blocks);
}

// ---- HTML -------------------------------------------------------------------------------

export function escapeHtml(s: string): string {
  return stripControls(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function inlineHtml(inline: Inline): string {
  return inline
    .map((s) => {
      let t = escapeHtml(s.text);
      if (s.em) t = `<em>${t}</em>`;
      if (s.strong) t = `<strong>${t}</strong>`;
      return t;
    })
    .join('');
}

function blockHtml(b: Block, sectionKey: string): string {
  switch (b.type) {
    case 'heading':
      return `<h${b.level}>${inlineHtml(b.text)}</h${b.level}>`;
    case 'paragraph':
      return `<p${sectionKey === 'header' ? ' class="meta"' : ''}>${inlineHtml(b.text)}</p>`;
    case 'bullets':
      return `<ul>\n${b.items.map((it) => `  <li>${inlineHtml(it)}</li>`).join('\n')}\n</ul>`;
    case 'numbered':
      return `<ol${b.start !== 1 ? ` start="${b.start}"` : ''}>\n${b.items
        .map((it) => `  <li>${inlineHtml(it)}</li>`)
        .join('\n')}\n</ol>`;
    case 'note':
      return `<aside class="note">\n${b.paragraphs.map((p) => `  <p>${inlineHtml(p)}</p>`).join('\n')}\n</aside>`;
    case 'table': {
      const numeric = b.header.map((_, c) =>
        b.rows.every((r) => /^(\d+|–|-|)$/.test((r[c] ?? []).map((s) => s.text).join(''))),
      );
      const cls = (c: number) => (numeric[c] ? ' class="num"' : '');
      return [
        '<table>',
        `  <thead><tr>${b.header.map((h, c) => `<th scope="col"${cls(c)}>${inlineHtml(h)}</th>`).join('')}</tr></thead>`,
        '  <tbody>',
        ...b.rows.map(
          (r) =>
            `    <tr>${r.map((cell, c) => `<td${cls(c)}>${inlineHtml(cell)}</td>`).join('')}</tr>`,
        ),
        '  </tbody>',
        '</table>',
      ].join('\n');
    }
  }
}

/**
 * Print first: black on white, a serif body in the system's fonts (no web fonts on a closed
 * network), A4 or Letter margins from the browser's paper setting, headings kept with what
 * follows, table headers repeated on every page and page numbers where the browser supports
 * `@page` margin boxes.
 */
const STYLES = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { font-size: 11pt; }
body { margin: 0; background: #f3f1ec; color: #1d1d1b;
  font-family: Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, "DejaVu Serif", serif;
  line-height: 1.5; }
main { max-width: 46rem; margin: 2rem auto; padding: 3rem 3.5rem 4rem; background: #fff;
  box-shadow: 0 1px 4px rgba(0,0,0,.12); }
h1, h2, h3, .meta, th { font-family: "Helvetica Neue", Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .75rem; color: #0b3a53; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; padding-bottom: .25rem; border-bottom: 2px solid #0b3a53; color: #0b3a53; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .4rem; color: #1d1d1b; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; break-inside: avoid; page-break-inside: avoid; }
h1 + *, h2 + *, h3 + * { break-before: avoid; page-break-before: avoid; }
p { margin: 0 0 .75rem; orphans: 3; widows: 3; }
.meta { margin: 0 0 .2rem; color: #4a4a48; font-size: .95rem; }
section.header { margin-bottom: 1.5rem; padding-bottom: 1rem; border-bottom: 1px solid #c9c6bd; }
ul, ol { margin: 0 0 .9rem; padding-left: 1.5rem; list-style-position: outside; }
ol { padding-left: 2.6em; }
li { margin: 0 0 .45rem; break-inside: avoid; page-break-inside: avoid; }
li::marker { color: #0b3a53; }
.note { margin: 1.2rem 0; padding: .8rem 1rem; border: 1.5px solid #0b3a53; background: #eef3f6;
  break-inside: avoid; page-break-inside: avoid; font-size: .95rem; }
.note p:last-child { margin-bottom: 0; }
table { width: 100%; border-collapse: collapse; margin: .5rem 0 1.2rem; font-size: .82rem; line-height: 1.35; }
th, td { border: 1px solid #c9c6bd; padding: .3rem .4rem; text-align: left; vertical-align: top; }
th { background: #eef3f6; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
footer { max-width: 46rem; margin: 0 auto 2rem; color: #6b6b68; font-size: .8rem; text-align: center; }
@page { margin: 20mm 18mm 22mm; @bottom-center { content: counter(page); font-size: 9pt; color: #555; } }
@media print {
  html { font-size: 10.5pt; }
  body { background: #fff; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  footer { display: none; }
  h2 { border-bottom-width: 1.5pt; }
  a { color: inherit; text-decoration: none; }
}
`;

/**
 * A standalone HTML page: no script, no external resource, every text escaped. Tagged with the
 * document's language (screen readers, hyphenation, spell-check) and naming no software: a
 * published brief is the conveners' text, not a tool's output (issue 14).
 */
export function renderHtml(doc: BriefDocument, opts: { generator?: string } = {}): string {
  const body = doc.sections
    .filter((s) => s.blocks.length > 0)
    .map(
      (s) =>
        `<section class="${escapeHtml(s.key.replace(/:.*/, ''))}">\n${s.blocks.map((b) => blockHtml(b, s.key)).join('\n')}\n</section>`,
    )
    .join('\n');
  // The workshop's language (issue 14): screen readers, hyphenation and spelling follow it.
  return `<!doctype html>
<html lang="${escapeHtml(doc.language ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${opts.generator ? `<meta name="generator" content="${escapeHtml(opts.generator)}">\n` : ''}
<title>${escapeHtml(`${doc.title} — ${doc.subject}`)}</title>
<style>${STYLES}</style>
</head>
<body>
<main>
${body}
</main>
<footer>${escapeHtml(doc.subject)}</footer>
</body>
</html>
`;
}

// ---- CSV --------------------------------------------------------------------------------

/**
 * A cell a spreadsheet will not run: text that starts (after spaces) with = + - @ or a tab or
 * carriage return is prefixed with an apostrophe, the OWASP advice for CSV injection.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = stripControls(String(value));
  if (typeof value === 'string' && /^[\s]*[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Lenses (issue 13): one column per lens the workshop has, after the others so that columns
 * readers already rely on keep their place. Countries by English name, values joined by "; ".
 */
function csvLensColumns(lenses: LensConfig): { header: string; cell: (i: BriefIdea) => string }[] {
  return [
    ...(lenses.countries
      ? [
          {
            header: 'Country examples',
            cell: (i: BriefIdea) => (i.countries ?? []).map((c) => countryName(c, 'en')).join('; '),
          },
        ]
      : []),
    ...(lenses.pbc
      ? [
          {
            header: 'Role of the Peacebuilding Commission',
            cell: (i: BriefIdea) => (i.pbc ? 'yes' : ''),
          },
        ]
      : []),
    ...lenses.custom.map((lens) => ({
      header: lens.name,
      cell: (i: BriefIdea) => orderedValues(lens, i.tags?.[lens.id] ?? []).join('; '),
    })),
  ];
}

/**
 * Consolidation session (issue 15): an `Origin` column, last, in a workshop whose ideas were
 * carried forward ("Workshop 2 · Topic", several joined by "; "); other workshops' CSV keeps
 * its columns.
 */
function csvOriginColumn(
  snapshot: BriefSnapshot,
): { header: string; cell: (i: BriefIdea) => string }[] {
  const any = snapshot.questions.some((q) => q.ideas.some((i) => (i.origins ?? []).length > 0));
  if (!any) return [];
  return [
    {
      header: 'Origin',
      cell: (i: BriefIdea) =>
        (i.origins ?? [])
          .map((o) => (o.number !== null ? `Workshop ${o.number} · ${o.topic}` : o.topic))
          .join('; '),
    },
  ];
}

const STATUS_WORDS: Record<string, string> = {
  visible: 'on the board',
  merged: 'merged into another idea',
  moderated: 'hidden by the facilitator',
};

/**
 * One row per idea on record: question, theme, text, actor, first step, votes per round (empty
 * when the idea was not on that round's ballot) and status, then the points of debate (issue
 * 13): whether views on the idea, and on its theme, differed, with the note of the positions. UTF-8 with a BOM and CRLF line
 * ends, which is what Excel needs to open it with accents intact.
 */
export function renderCsv(snapshot: BriefSnapshot): string {
  const lensColumns = [
    ...csvLensColumns(snapshot.workshop.lenses ?? DEFAULT_LENSES),
    ...csvOriginColumn(snapshot),
  ];
  const questions = [...snapshot.questions].sort((a, b) => a.position - b.position);
  const maxRounds = Math.max(0, ...questions.map((q) => q.rounds.length));
  const header = [
    'Question no.',
    'Question',
    'Theme',
    'Idea',
    'Who should act',
    'First step',
    ...Array.from({ length: maxRounds }, (_, k) => `Votes round ${k + 1}`),
    'Status',
    'Contested',
    'Contest note',
    'Theme contested',
    'Theme contest note',
    ...lensColumns.map((c) => c.header),
  ];
  const lines = [header.map(csvCell).join(',')];
  questions.forEach((q, qi) => {
    const labels = new Map(q.clusters.map((c) => [c.id, c.label]));
    const themes = new Map(q.clusters.map((c) => [c.id, c]));
    const rounds = [...q.rounds].sort((a, b) => a.number - b.number);
    const order = new Map(questionSupport(q).ranking.map((r, k) => [r.ideaId, k]));
    const ideas = [...q.ideas].sort(
      (a, b) =>
        (order.get(a.id) ?? Number.MAX_SAFE_INTEGER) -
          (order.get(b.id) ?? Number.MAX_SAFE_INTEGER) || a.seq - b.seq,
    );
    for (const idea of ideas) {
      const theme = idea.clusterId ? themes.get(idea.clusterId) : undefined;
      const votes = Array.from({ length: maxRounds }, (_, k) => {
        const round = rounds[k];
        const res = round ? roundResult(round, idea.id) : undefined;
        return res ? res.votes : null;
      });
      lines.push(
        [
          qi + 1,
          q.prompt,
          idea.clusterId ? (labels.get(idea.clusterId) ?? '') : '',
          idea.text,
          idea.actor,
          idea.nextStep,
          ...votes,
          STATUS_WORDS[idea.status] ?? idea.status,
          idea.contested ? 'yes' : '',
          idea.contested ? (idea.contestNote ?? '') : '',
          theme?.contested ? 'yes' : '',
          theme?.contested ? (theme.contestNote ?? '') : '',
          ...lensColumns.map((c) => c.cell(idea)),
        ]
          .map((v) => csvCell(typeof v === 'number' ? v : v))
          .join(','),
      );
    }
  });
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
