import {
  type BriefSnapshot,
  composeBrief,
  createCluster,
  DEFAULT_LENSES,
  hasNoncharacters,
  initWorkshop,
  notesText,
  renderCsv,
  renderHtml,
  renderMarkdown,
  restoreBriefSection,
  WorkshopArchiveSchema,
} from '@convene/shared';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { renderDocx } from '../../server/src/export/docxExport.ts';
import { renderArchive } from '../../server/src/export/jsonExport.ts';
import type { StoredWorkshop } from '../../server/src/export/storedWorkshop.ts';
import { NO_DETAILS } from '../../server/src/store/store.ts';
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

  test('JSON: the archive holds none, and imports again', () => {
    const snapshot = taintedSnapshot();
    const q0 = snapshot.questions[0];
    if (!q0) throw new Error('question expected');
    // The doc as a writer left it: notes, a theme and a draft section, all with noncharacters.
    const doc = new Y.Doc();
    initWorkshop(
      doc,
      {
        ...snapshot.workshop,
        joinCode: 'AC3K7Q',
        currentQuestionId: q0.id,
        lenses: DEFAULT_LENSES,
      },
      [
        {
          id: q0.id,
          prompt: q0.prompt,
          position: 0,
          plannedMinutes: null,
          phase: 'closed',
          mode: 'open',
          hiddenCount: 0,
          submitters: 0,
          actualMs: 0,
          activeSince: null,
        },
      ],
    );
    // (A lone surrogate cannot reach the doc: Yjs encodes text as UTF-8, which turns it into
    // U+FFFD. Noncharacters survive.)
    notesText(doc, q0.id)?.insert(0, 'Notes \u{1FFFF}with\uFFFE noncharacters');
    createCluster(doc, { id: 'theme-1', questionId: q0.id, label: `Mediation${NON}`, position: 0 });
    restoreBriefSection(doc, 'opening', draft.opening.text, null, now.getTime());
    const stored: StoredWorkshop = {
      workshopId: 'w1',
      workshop: {
        ...snapshot.workshop,
        id: 'w1',
        joinCode: 'AC3K7Q',
        currentQuestionId: q0.id,
        createdAt: now.toISOString(),
        ...NO_DETAILS,
        lenses: null,
      },
      questions: [
        {
          id: q0.id,
          workshopId: 'w1',
          position: 0,
          prompt: q0.prompt,
          plannedMinutes: null,
          phase: 'closed',
          mode: 'open',
          actualMs: 0,
          activeSince: null,
          voteBudget: null,
          maxVotesPerIdea: null,
          topN: null,
          shortTitle: null,
        },
      ],
      ideas: q0.ideas.map((i) => ({
        id: i.id,
        workshopId: 'w1',
        questionId: q0.id,
        participantId: null,
        seq: i.seq,
        text: i.text,
        actor: i.actor,
        nextStep: i.nextStep,
        status: 'visible',
        createdAt: now.getTime(),
        commandId: null,
        mergedInto: null,
        moderationReason: null,
        originalText: null,
        countries: [],
        pbc: false,
        tags: {},
        updatedAt: null,
      })),
      rounds: [],
      participantCount: 12,
      nameDecisions: [],
      doc: { snapshot: Y.encodeStateAsUpdate(doc), updates: [] },
    };
    const json = renderArchive(stored, now);
    // A lone surrogate would be written as a \\uD800 escape: look for those too.
    expect(json).not.toMatch(/\\u[dD][89abAB]/);
    expect(hasNoncharacters(json)).toBe(false);
    const archive = JSON.parse(json);
    expect(archive.questions[0].ideas[0].text).toBe('Fund local mediators');
    expect(archive.questions[0].notes).toBe('Notes with noncharacters');
    expect(archive.questions[0].clusters[0].label).toBe('Mediation');
    expect(archive.workshop.title).toBe('Sustaining peace');
    expect(WorkshopArchiveSchema.safeParse(archive).success).toBe(true);
  });
});
