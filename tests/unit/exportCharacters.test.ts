import {
  type BriefSnapshot,
  composeBrief,
  hasNoncharacters,
  renderCsv,
  renderHtml,
  renderMarkdown,
} from '@convene/shared';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { describe, expect, test } from 'vitest';
import { renderDocx } from '../../server/src/export/docxExport.ts';
import { fixtureSnapshot } from '../helpers/fixtureBoard.ts';
import { docxParagraphs, unzip } from '../helpers/unzip.ts';
import { xmlProblems } from '../helpers/xmlCheck.ts';

/**
 * Issue 11, item 7: U+FFFF in an idea made `word/document.xml` malformed (Word refuses the
 * file). Inputs now refuse noncharacters (schemas.test.ts); text that reached the record
 * another way — a row stored before that, an archive, a writer's notes in the doc — loses them
 * in every renderer, so every part of every export stays well formed.
 */

const NON = '\uFFFF';
const now = new Date('2017-06-01T09:00:00Z');

/** The fixture with noncharacters, lone surrogates and a NUL in every kind of text. */
function taintedSnapshot(): BriefSnapshot {
  const base = fixtureSnapshot(0);
  const [q0, ...rest] = base.questions;
  if (!q0) throw new Error('fixture question expected');
  const [first, ...ideas] = q0.ideas;
  if (!first) throw new Error('fixture idea expected');
  const [cluster, ...clusters] = q0.clusters;
  return {
    ...base,
    workshop: {
      ...base.workshop,
      title: `Sustaining${NON} peace\uFFFE`,
      host: 'Institute\uFDD0 A',
    },
    questions: [
      {
        ...q0,
        prompt: `What works${NON}?`,
        notes: `Notes \u{1FFFF}with\uD800 lone\uDFFF surrogates\u0000 and\uFFFE more.\n\n# Heading${NON}`,
        clusters: cluster ? [{ ...cluster, label: `Mediation${NON}` }, ...clusters] : clusters,
        ideas: [
          {
            ...first,
            text: `Fund${NON} local mediators\uFFFE`,
            actor: 'Donors\uFDEF',
            nextStep: 'Ask\uD83D them',
          },
          ...ideas,
        ],
      },
      ...rest,
    ],
  };
}

const draft = { opening: { text: `An opening${NON} paragraph\u{10FFFF}.`, base: 'generated' } };

describe('the strict XML check is not vacuous', () => {
  test('it accepts a well-formed part and refuses broken ones', () => {
    expect(
      xmlProblems('<?xml version="1.0"?><a x="1"><b>t &amp; &#x41; &#65;</b><c/></a>'),
    ).toEqual([]);
    for (const bad of [
      `<a>${NON}</a>`,
      '<a>\u0001</a>',
      '<a>\uD800</a>',
      '<a>&#xFFFF;</a>',
      '<a>&nbsp;</a>',
      '<a><b></a></b>',
      '<a x="1" x="2"/>',
      '<a x=1/>',
      '<a>x</a><b/>',
      '<a>',
      'text',
    ]) {
      expect(xmlProblems(bad), bad).not.toEqual([]);
    }
  });

  test('the docx library alone writes U+FFFF into document.xml: the check sees it', async () => {
    const doc = new Document({
      sections: [{ children: [new Paragraph({ children: [new TextRun(`Fund${NON}`)] })] }],
    });
    const xml =
      unzip(await Packer.toBuffer(doc))
        .get('word/document.xml')
        ?.toString('utf8') ?? '';
    expect(xmlProblems(xml).join('\n')).toContain('U+FFFF');
  });
});

describe('every renderer leaves noncharacters and lone surrogates out', () => {
  const doc = composeBrief(taintedSnapshot(), draft, { now });

  test('DOCX: every XML part is well formed, and the text is there without them', async () => {
    const parts = unzip(await renderDocx(doc));
    const checked: string[] = [];
    for (const [name, bytes] of parts) {
      if (!name.endsWith('.xml') && !name.endsWith('.rels')) continue;
      expect(xmlProblems(bytes.toString('utf8')), name).toEqual([]);
      checked.push(name);
    }
    expect(checked).toContain('word/document.xml');
    expect(checked).toContain('docProps/core.xml');
    const text = docxParagraphs(parts.get('word/document.xml')?.toString('utf8') ?? '').join('\n');
    expect(text).toContain('Fund local mediators');
    expect(text).toContain('Notes with lone surrogates and more.');
    expect(text).toContain('An opening paragraph.');
    expect(parts.get('docProps/core.xml')?.toString('utf8')).toContain('Sustaining peace');
  });

  test.each([
    ['Markdown', () => renderMarkdown(doc)],
    ['HTML', () => renderHtml(doc)],
    ['CSV', () => renderCsv(taintedSnapshot())],
  ])('%s', (_name, render) => {
    const out = render();
    expect(hasNoncharacters(out)).toBe(false);
    expect(out).not.toContain('\u0000');
    expect(out).toContain('Fund local mediators');
  });
});
