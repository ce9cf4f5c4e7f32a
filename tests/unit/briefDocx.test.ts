import { composeBrief, composeSeriesPaper } from '@convene/shared';
import { beforeAll, describe, expect, test } from 'vitest';
import { renderDocx } from '../../server/src/export/docxExport.ts';
import { genreSnapshot } from '../helpers/briefFixture.ts';
import { fixtureSeries } from '../helpers/fixtureBoard.ts';
import { docxParagraphs, unzip } from '../helpers/unzip.ts';

/**
 * The DOCX read back: unzipped, its XML parsed paragraph by paragraph. What a rapporteur relies
 * on when they open it in Word: real heading styles, real lists, the boxed note, page numbers,
 * the brief's language, and the ideas of the body.
 */

const now = new Date('2017-06-01T09:00:00Z');

interface Para {
  style: string | null;
  numId: string | null;
  boxed: boolean;
  text: string;
}

function paragraphs(xml: string): Para[] {
  const raw = xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? [];
  const texts = docxParagraphs(xml);
  return raw.map((p, i) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? null,
    numId: /<w:numId w:val="(\d+)"/.exec(p)?.[1] ?? null,
    boxed: p.includes('<w:pBdr>') && p.includes('<w:shd'),
    text: texts[i] ?? '',
  }));
}

describe('the meeting brief as DOCX', () => {
  const snapshot = genreSnapshot(1);
  let files: Map<string, Buffer>;
  let paras: Para[];
  beforeAll(async () => {
    files = unzip(await renderDocx(composeBrief(snapshot, {}, { now })));
    paras = paragraphs(files.get('word/document.xml')?.toString('utf8') ?? '');
  });

  test('is a Word package with its core parts', () => {
    for (const part of [
      '[Content_Types].xml',
      'word/document.xml',
      'word/styles.xml',
      'word/numbering.xml',
      'docProps/core.xml',
    ]) {
      expect(files.has(part), part).toBe(true);
    }
    expect(files.get('docProps/core.xml')?.toString()).toContain(
      'Financing Efforts to Sustain Peace',
    );
  });

  test("headings use Word's Title and Heading styles", () => {
    const heading = (style: string) => paras.filter((p) => p.style === style).map((p) => p.text);
    expect(heading('Title')).toEqual(['Financing Efforts to Sustain Peace']);
    const h1 = heading('Heading1');
    expect(h1[0]).toBe('Key takeaways');
    expect(h1.slice(-4)).toEqual([
      'Country examples',
      'The role of the Peacebuilding Commission',
      'Recommendations',
      'Annex',
    ]);
    expect(h1).toHaveLength(3 + 5);
    expect(h1.some((h) => /^Question \d/.test(h))).toBe(false);
    expect(heading('Heading2')).toContain('Assessed contributions');
    expect(heading('Heading2')).toContain('Agenda');
    const styles = files.get('word/styles.xml')?.toString() ?? '';
    expect(styles).toContain('w:styleId="Heading1"');
  });

  test('bullets and numbered lists are real lists; recommendations number on across actors', () => {
    const numbering = files.get('word/numbering.xml')?.toString() ?? '';
    expect(numbering).toContain('w:val="bullet"');
    expect(numbering).toContain('w:val="decimal"');
    const takeaways = paras.slice(
      paras.findIndex((p) => p.text === 'Key takeaways') + 1,
      paras.findIndex((p) => p.style === 'Heading1' && p.text !== 'Key takeaways'),
    );
    // The threads are a list; the rapporteur's prompt after them is a paragraph.
    expect(takeaways.filter((p) => p.numId !== null).length).toBeGreaterThanOrEqual(3);
    expect(takeaways.filter((p) => p.numId === null).map((p) => p.text)).toEqual([
      '[Rapporteur: sharpen each thread into one finding in your own words, then delete this line.]',
    ]);
    const recs = paras.slice(
      paras.findIndex((p) => p.text === 'Recommendations'),
      paras.findIndex((p) => p.text === 'Annex'),
    );
    const numbered = recs.filter((p) => p.numId !== null);
    expect(numbered.length).toBeGreaterThanOrEqual(4);
    // One list instance across the actor headings: Word counts 1, 2, 3… through all of them.
    expect(new Set(numbered.map((p) => p.numId)).size).toBe(1);
    const agenda = paras.slice(paras.findIndex((p) => p.text === 'Agenda'));
    const agendaList = agenda.filter((p) => p.numId !== null).slice(0, 3);
    expect(agendaList[0]?.numId).not.toBe(numbered[0]?.numId);
  });

  test('the disclaimer is a boxed, shaded paragraph', () => {
    const boxed = paras.filter((p) => p.boxed);
    expect(boxed).toHaveLength(1);
    expect(boxed[0]?.text).toMatch(/^Nothing here is attributed to anyone/);
  });

  test('the ideas of the body are in it, lightly normalised and escaped by the writer', () => {
    const all = paras.map((p) => p.text).join('\n');
    expect(all).toContain('Allow agencies to report against shared results');
    // "&" is spelled out in the brief; the quotes are escaped by the writer.
    expect(files.get('word/document.xml')?.toString()).toContain(
      'Stop calling it &quot;catalytic&quot; and then',
    );
  });

  test("the Word document carries the brief's language", async () => {
    expect(files.get('word/styles.xml')?.toString()).toContain('w:val="en-GB"');
    const fr = unzip(
      await renderDocx(composeBrief(genreSnapshot(1, { language: 'fr' }), {}, { now })),
    );
    expect(fr.get('word/styles.xml')?.toString()).toContain('w:val="fr-FR"');
    const frParas = paragraphs(fr.get('word/document.xml')?.toString('utf8') ?? '');
    expect(frParas.filter((p) => p.style === 'Heading1').map((p) => p.text)).toContain(
      'Recommandations',
    );
    const footer = [...fr.entries()].find(([name]) => /^word\/footer\d*\.xml$/.test(name));
    expect(footer?.[1].toString()).toContain('Note de réunion · page ');
    expect(footer?.[1].toString()).toContain(' sur ');
  });

  test('pages are numbered in the footer', () => {
    const footer = [...files.entries()].find(([name]) => /^word\/footer\d*\.xml$/.test(name));
    const xml = footer?.[1].toString() ?? '';
    expect(xml).toMatch(/PAGE/);
    expect(xml).toMatch(/NUMPAGES/);
    expect(xml).toContain('Meeting brief · page ');
  });
});

describe('the series policy paper as DOCX', () => {
  test('summary, one chapter per workshop, cross-cutting themes, recommendations', async () => {
    const files = unzip(await renderDocx(composeSeriesPaper(fixtureSeries(), { now })));
    const paras = paragraphs(files.get('word/document.xml')?.toString('utf8') ?? '');
    const h1 = paras.filter((p) => p.style === 'Heading1').map((p) => p.text);
    expect(h1.slice(0, 2)).toEqual(['Executive summary', 'Introduction']);
    expect(h1.filter((t) => /^\d\. /.test(t))).toHaveLength(6);
    expect(h1).toContain('Cross-cutting themes');
    expect(h1).toContain('Recommendations');
    expect(paras.filter((p) => p.boxed)[0]?.text).toMatch(/^The workshops were held under/);
  });
});
