import {
  actorKey,
  type BriefSnapshot,
  composeBrief,
  groupByActor,
  parseBrief,
  plainText,
  renderHtml,
  renderMarkdown,
  renderMarkdownBlocks,
  shorten,
  tokens,
  trimWhere,
} from '@convene/shared';
import { describe, expect, test } from 'vitest';
import { renderDocx } from '../../server/src/export/docxExport.ts';
import { fixtureSnapshot } from '../helpers/fixtureBoard.ts';
import { docxParagraphs, unzip } from '../helpers/unzip.ts';

/**
 * Issue 11, item 5: text a writer or participant typed is scanned in linear time. The heading
 * pattern `/^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/` took ~7 s for `# a`, 100,000 spaces and `b` (the
 * export worker was held 16 s, a rapporteur's live preview 10.8 s); `.` not crossing U+2028 made
 * the list patterns quadratic too, and so were `/\s*$/` and `/[.,;:!]+$/` on long runs.
 *
 * No timing thresholds near the real cost: each hostile input is timed against a benign input
 * of the same length through the same code. Linear code takes about as long for both; the old
 * patterns took hundreds of times longer on the hostile one (seconds against milliseconds).
 */

const N = 100_000;
const spaces = ' '.repeat(N);

/** The fastest of three runs (ms): a scheduling hiccup only ever makes a run slower. */
function timeOf(fn: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** Hostile input costs no more than an order of magnitude over benign input of its size. */
function expectLinear<T>(run: (input: T) => unknown, hostile: T, benign: T): void {
  const bad = timeOf(() => run(hostile));
  const good = timeOf(() => run(benign));
  // 10× the benign time plus 50 ms of slack: far above noise, far below a quadratic blow-up.
  expect(bad, `hostile ${bad.toFixed(1)} ms, benign ${good.toFixed(1)} ms`).toBeLessThan(
    good * 10 + 50,
  );
}

describe('the brief format parses hostile lines in linear time, and correctly', () => {
  test('a heading with 100,000 spaces inside', () => {
    const line = `# a${spaces}b`;
    const blocks = parseBrief(line);
    expect(blocks).toHaveLength(1);
    const [h] = blocks;
    expect(h?.type).toBe('heading');
    if (h?.type !== 'heading') return;
    expect(h.level).toBe(1);
    expect(plainText(h.text)).toBe(`a${spaces}b`);
    expectLinear(parseBrief, line, `# a${'x'.repeat(N)}b`);
  });

  test('a heading with a closing run of # after the spaces keeps its text and drops the run', () => {
    const line = `## a${spaces}##${spaces}`;
    const [h] = parseBrief(line);
    expect(h).toEqual({ type: 'heading', level: 2, text: [{ text: 'a' }] });
    expectLinear(parseBrief, line, `## a${'x'.repeat(2 * N)}##`);
  });

  test.each([
    ['a bullet', `- ${spaces}a\u2028b`, 'bullets'],
    ['a numbered item', `1. ${spaces}a\u2028b`, 'numbered'],
    ['a note', `>${spaces}a\u2028b`, 'note'],
  ])('%s with a line separator after 100,000 spaces', (_name, line, type) => {
    const [b] = parseBrief(line);
    expect(b?.type).toBe(type);
    expectLinear(parseBrief, line, line.replace(/ /g, 'x'));
  });

  test('a table row and rule of 100,000 spaces', () => {
    const table = `|${spaces}a${spaces}|\n|${spaces}---${spaces}|\n|${spaces}|`;
    const [t] = parseBrief(table);
    expect(t?.type).toBe('table');
    expectLinear(parseBrief, table, table.replace(/ /g, 'x'));
  });

  test('every line type on one long line, rendered back to Markdown', () => {
    for (const prefix of ['', '# ', '- ', '1. ', '> ']) {
      const line = `${prefix}a${spaces}b`;
      const md = renderMarkdownBlocks(parseBrief(line));
      expect(md).toContain(`a${spaces}b`);
      expectLinear(
        (s: string) => renderMarkdownBlocks(parseBrief(s)),
        line,
        `${prefix}a${'x'.repeat(N)}b`,
      );
    }
  });
});

describe('other scans of user text are linear', () => {
  const dots = '.'.repeat(N);
  test('an actor with a long run of punctuation inside', () => {
    const actor = `UN${dots}x`;
    expect(actorKey(actor)).toBe('un x');
    expect(groupByActor([actor], (a) => a)[0]?.items).toEqual([actor]);
    expectLinear(actorKey, actor, `UN${'y'.repeat(N)}x`);
    expect(actorKey('the Security Council.')).toBe('security council');
  });

  test('words with long runs of hyphens and apostrophes', () => {
    const text = `peace${'-'.repeat(N)}building`;
    expect(tokens(text)[0]?.surface).toBe(text);
    expect(tokens("--'peace'--")[0]?.surface).toBe('peace');
    expectLinear(tokens, text, `peace${'x'.repeat(N)}building`);
  });

  test('trimming a long run of symbols from a word (as the name check does)', () => {
    const notLetter = (c: string) => !/[\p{L}\p{N}]/u.test(c);
    const word = `Amara${'*'.repeat(N)}x`;
    expect(trimWhere(`**${word}**`, notLetter)).toBe(word);
    expect(trimWhere('\u{1F642}Amara\u{1F642}', notLetter)).toBe('Amara');
    expectLinear((w: string) => trimWhere(w, notLetter), word, `Amara${'y'.repeat(N)}x`);
  });

  test('shortening text that ends in a run of punctuation', () => {
    expect(shorten(`word ${'.'.repeat(40)}`, 20)).toBe('word…');
    expect(shorten('Fund local mediators, then train them; then pay them', 30)).toBe(
      'Fund local mediators, then…',
    );
  });
});

describe('a brief whose notes and draft hold the hostile line exports promptly', () => {
  const hostile = `# a${spaces}b`;
  const base = fixtureSnapshot(0);
  const snapshot: BriefSnapshot = {
    ...base,
    questions: base.questions.map((q, i) => (i === 0 ? { ...q, notes: hostile } : q)),
  };
  const draft = { opening: { text: `${hostile}\n\n- ${spaces}a\u2028b`, base: 'generated' } };
  const now = new Date('2017-06-01T09:00:00Z');

  test('md, html and docx contain the text, each in linear time', async () => {
    const doc = composeBrief(snapshot, draft, { now });
    const md = renderMarkdown(doc);
    expect(md).toContain(`a${spaces}b`);
    expect(renderHtml(doc)).toContain(`a${spaces}b`);
    const docx = await renderDocx(doc);
    const xml = unzip(docx).get('word/document.xml')?.toString('utf8') ?? '';
    expect(docxParagraphs(xml)).toContain(`a${spaces}b`);
    const benignSnapshot: BriefSnapshot = {
      ...snapshot,
      questions: snapshot.questions.map((q, i) =>
        i === 0 ? { ...q, notes: `# a${'x'.repeat(N)}b` } : q,
      ),
    };
    const benignDraft = {
      opening: { text: draft.opening.text.replace(/ /g, 'x'), base: 'generated' },
    };
    expectLinear(
      ([s, d]: [BriefSnapshot, typeof draft]) => renderMarkdown(composeBrief(s, d, { now })),
      [snapshot, draft],
      [benignSnapshot, benignDraft],
    );
  });
});
