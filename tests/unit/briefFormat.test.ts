import {
  type Block,
  type BriefDocument,
  composeBrief,
  csvCell,
  escapeHtml,
  type Inline,
  parseBrief,
  parseInline,
  rapporteurText,
  renderCsv,
  renderHtml,
  renderMarkdown,
  renderMarkdownBlocks,
  safeStart,
  userText,
} from '@convene/shared';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fixtureSnapshot } from '../helpers/fixtureBoard.ts';

/** The brief's text format: what a rapporteur types, what the exports read. */

describe('parsing the brief format', () => {
  test('blocks: headings, paragraphs, lists, the note, tables', () => {
    const blocks = parseBrief(
      [
        '# Title',
        '**Meeting brief** · May 2017',
        '## Key takeaways',
        '- one',
        '- two',
        '  continued',
        '3. three',
        '4) four',
        '> Held under the Chatham House Rule.',
        '>',
        '> Second paragraph.',
        '| Idea | Votes |\n| --- | ---: |\n| A \\| B | 4 |',
      ].join('\n\n'),
    );
    expect(blocks.map((b) => b.type)).toEqual([
      'heading',
      'paragraph',
      'heading',
      'bullets',
      'bullets',
      'paragraph',
      'numbered',
      'numbered',
      'note',
      'note',
      'table',
    ]);
    const table = blocks.at(-1);
    expect(table).toEqual({
      type: 'table',
      header: [[{ text: 'Idea' }], [{ text: 'Votes' }]],
      rows: [[[{ text: 'A | B' }], [{ text: '4' }]]],
    });
    expect(parseBrief('- a\n  continued\n- b')).toEqual([
      { type: 'bullets', items: [[{ text: 'a continued' }], [{ text: 'b' }]] },
    ]);
    expect(parseBrief('3. three\n4. four')[0]).toMatchObject({ type: 'numbered', start: 3 });
  });

  test.each([
    [
      '**bold** and *em*',
      [{ text: 'bold', strong: true }, { text: ' and ' }, { text: 'em', em: true }],
    ],
    ['***both***', [{ text: 'both', strong: true, em: true }]],
    [
      '*a***b**',
      [
        { text: 'a', em: true },
        { text: 'b', strong: true },
      ],
    ],
    ['snake_case_name', [{ text: 'snake_case_name' }]],
    ['2 * 3 = 6', [{ text: '2 * 3 = 6' }]],
    ['\\*not em\\*', [{ text: '*not em*' }]],
    ['**unclosed', [{ text: '**unclosed' }]],
  ])('inline %s', (src, expected) => {
    expect(parseInline(src)).toEqual(expected);
  });

  test('user text cannot open a block or smuggle markup', () => {
    for (const s of ['1) allow programmatic funding', '- a list?', '# heading?', '> quote?']) {
      const blocks = parseBrief(`- ${safeStart(userText(s))}`);
      expect(blocks).toEqual([{ type: 'bullets', items: [[{ text: s }]] }]);
    }
    expect(parseBrief(userText('<script>alert(1)</script> **x** [link](javascript:1)'))).toEqual([
      {
        type: 'paragraph',
        text: [{ text: '<script>alert(1)</script> **x** [link](javascript:1)' }],
      },
    ]);
    // Notes keep a rapporteur's lists and emphasis, but not links or HTML.
    expect(rapporteurText('- **point**\n<b>x</b> [a](b)')).toBe(
      '- **point**\n\\<b\\>x\\</b\\> \\[a\\](b)',
    );
  });

  // Text that is a fixed point of the renderer: no leading/trailing spaces, no empty runs.
  const word = fc.stringMatching(/^[A-Za-z0-9À-ÿ_*#>|\\[\]<>&.!?'"=+-]{1,8}$/);
  const runText = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' '));
  const inline: fc.Arbitrary<Inline> = fc
    .array(
      fc.record({ text: runText, strong: fc.boolean(), em: fc.boolean() }).map((s) => {
        const out: { text: string; strong?: boolean; em?: boolean } = { text: s.text };
        if (s.strong) out.strong = true;
        if (s.em) out.em = true;
        return out;
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map((spans) => {
      // Adjacent runs with the same emphasis are one run once parsed; keep a space between
      // runs so that emphasis markers have something to hug.
      const merged: Inline = [];
      for (const s of spans) {
        const last = merged[merged.length - 1];
        if (last && !!last.strong === !!s.strong && !!last.em === !!s.em) last.text += ` ${s.text}`;
        else {
          if (last) last.text += ' ';
          merged.push({ ...s });
        }
      }
      return merged;
    });
  const block: fc.Arbitrary<Block> = fc.oneof(
    fc.record({
      type: fc.constant('heading' as const),
      level: fc.constantFrom(1, 2, 3) as fc.Arbitrary<1 | 2 | 3>,
      text: inline,
    }),
    fc.record({ type: fc.constant('paragraph' as const), text: inline }),
    fc.record({
      type: fc.constant('bullets' as const),
      items: fc.array(inline, { minLength: 1, maxLength: 4 }),
    }),
    fc.record({
      type: fc.constant('numbered' as const),
      start: fc.integer({ min: 1, max: 40 }),
      items: fc.array(inline, { minLength: 1, maxLength: 4 }),
    }),
    fc.record({
      type: fc.constant('note' as const),
      paragraphs: fc.array(inline, { minLength: 1, maxLength: 3 }),
    }),
  );

  /** Emphasis never covers the spaces around it (Markdown cannot say so): move them out. */
  const canonicalInline = (inline: Inline): Inline => {
    const split: Inline = [];
    for (const s of inline) {
      const lead = /^\s*/.exec(s.text)?.[0] ?? '';
      const trail = s.text.length > lead.length ? (/\s*$/.exec(s.text)?.[0] ?? '') : '';
      const core = s.text.slice(lead.length, s.text.length - trail.length);
      if (lead) split.push({ text: lead });
      if (core) split.push({ ...s, text: core });
      if (trail) split.push({ text: trail });
    }
    const merged: Inline = [];
    for (const s of split) {
      const last = merged[merged.length - 1];
      if (last && !!last.strong === !!s.strong && !!last.em === !!s.em) last.text += s.text;
      else merged.push({ ...s });
    }
    return merged;
  };
  const canonical = (b: Block): Block => {
    switch (b.type) {
      case 'heading':
      case 'paragraph':
        return { ...b, text: canonicalInline(b.text) };
      case 'bullets':
      case 'numbered':
        return { ...b, items: b.items.map(canonicalInline) };
      case 'note':
        return { ...b, paragraphs: b.paragraphs.map(canonicalInline) };
      case 'table':
        return b;
    }
  };

  test('render then parse gives back the same blocks (property, seeded)', () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 6 }), (blocks) => {
        // Two lists of the same kind in a row are one list once written: keep them apart.
        const spaced: Block[] = [];
        for (const b of blocks) {
          const last = spaced[spaced.length - 1];
          if (
            last &&
            last.type === b.type &&
            (b.type === 'bullets' || b.type === 'numbered' || b.type === 'note')
          ) {
            spaced.push({ type: 'paragraph', text: [{ text: 'between' }] });
          }
          spaced.push(b);
        }
        expect(parseBrief(renderMarkdownBlocks(spaced))).toEqual(spaced.map(canonical));
      }),
      { seed: 20170223, numRuns: 300 },
    );
  });
});

describe('HTML', () => {
  const doc = (text: string): BriefDocument => ({
    kind: 'brief',
    title: 'T <b>',
    subject: 'Meeting brief',
    sections: [{ key: 'opening', blocks: parseBrief(text) }],
  });

  test('every text is escaped; no script, no external resource', () => {
    const html = renderHtml(doc(userText(`"'<img src=x onerror=alert(1)>&amp;`)));
    expect(html).toContain('&quot;&#39;&lt;img src=x onerror=alert(1)&gt;&amp;amp;');
    expect(html).toContain('<title>T &lt;b&gt; — Meeting brief</title>');
    expect(html).not.toMatch(/<script|<img|<link|@import|url\(/);
    expect(escapeHtml('<&>"\'')).toBe('&lt;&amp;&gt;&quot;&#39;');
  });

  test('a print stylesheet: page margins, page numbers, headings kept with what follows', () => {
    const html = renderHtml(doc('## A'));
    expect(html).toContain('@page { margin: 20mm 18mm 22mm;');
    expect(html).toContain('counter(page)');
    expect(html).toContain('break-after: avoid');
    expect(html).toContain('@media print');
  });
});

describe('CSV', () => {
  test.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+44 20 7957 5700', "'+44 20 7957 5700"],
    ['-2', "'-2"],
    ['@cmd', "'@cmd"],
    ['  =1+1', "'  =1+1"],
    ['\tx', "'\tx"],
    ['a, "quoted" text', '"a, ""quoted"" text"'],
    ['line\nbreak', '"line\nbreak"'],
    ['plain', 'plain'],
  ])('%j → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  test('numbers stay numbers', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });

  test('one row per idea with its votes and status; BOM and CRLF', () => {
    const s = fixtureSnapshot(1);
    const csv = renderCsv(s);
    expect(csv.startsWith('\uFEFFQuestion no.,Question,Theme,Idea,')).toBe(true);
    const rows = csv.slice(1).split('\r\n').filter(Boolean);
    expect(rows).toHaveLength(1 + s.questions.reduce((n, q) => n + q.ideas.length, 0));
    // Then the points of debate and lens columns (issue 13), empty here.
    expect(rows.find((r) => r.includes('one percent of the annual'))).toMatch(
      /,7,on the board,,,,,,$/,
    );
    expect(rows.find((r) => r.includes('Stop calling it'))).toContain(
      ',"Stop calling it ""catalytic"" &',
    );
  });
});

describe('Markdown export', () => {
  test.each([0, 1, 2, 3, 4, 5])(
    'fixture brief %i: the Markdown reads back as the same document',
    (i) => {
      const doc = composeBrief(fixtureSnapshot(i), {}, { now: new Date('2017-06-01') });
      expect(parseBrief(renderMarkdown(doc))).toEqual(doc.sections.flatMap((s) => s.blocks));
    },
  );
});
