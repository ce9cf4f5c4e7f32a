import {
  type BriefDocument,
  composeBrief,
  composeSeriesPaper,
  parseBrief,
  renderHtml,
} from '@convene/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { fixtureSeries, fixtureSnapshot } from '../helpers/fixtureBoard.ts';

// Issue 12 item 11: the printed HTML export keeps list numbers inside the page's margin and
// headings with what follows them. Measured in Chromium with print media, as it prints.
const now = new Date('2017-06-01T09:00:00Z');

/** A ranked list that runs past 100 (a big board) and headings before short and long blocks. */
function longLists(): BriefDocument {
  const item = (n: number) =>
    `Idea ${n}: donors should pool their reporting requirements so that a local organisation writes one report a year, not nine.`;
  const md = [
    '## Ranked ideas',
    ...Array.from({ length: 14 }, (_, i) => `${i + 1}. ${item(i + 1)}`),
    '',
    '### The long tail',
    ...Array.from({ length: 12 }, (_, i) => `${i + 95}. ${item(i + 95)}`),
    '',
    ...Array.from({ length: 12 }, (_, i) =>
      [`### Recommendation ${i + 1}`, '', `${item(i)} ${item(i + 1)}`, ''].join('\n'),
    ),
  ].join('\n');
  return {
    kind: 'brief',
    title: 'Long lists',
    subject: 'Long lists',
    sections: [{ key: 'recommendations', blocks: parseBrief(md) }],
  };
}

const documents: [string, () => BriefDocument][] = [
  ['financing brief', () => composeBrief(fixtureSnapshot(1), {}, { now })],
  ['series paper', () => composeSeriesPaper(fixtureSeries(), { now })],
  ['long lists', longLists],
];

describe('the printed HTML export', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    // A4 at 96 dpi less the export's @page margins (18 mm each side): 174 mm ≈ 658 px wide.
    page = await browser.newPage({ viewport: { width: 658, height: 964 } });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function load(doc: BriefDocument) {
    await page.setContent(renderHtml(doc));
    await page.emulateMedia({ media: 'print' });
  }

  test.each(documents)('%s: every list number starts inside the content edge', async (_n, doc) => {
    await load(doc());
    const overflow = await page.evaluate(() => {
      const main = document.querySelector('main') as HTMLElement;
      const m = main.getBoundingClientRect();
      const contentLeft = m.left + Number.parseFloat(getComputedStyle(main).paddingLeft);
      const probe = document.createElement('span');
      probe.style.whiteSpace = 'pre';
      document.body.append(probe);
      const out: { text: string; markerLeft: number; contentLeft: number }[] = [];
      let lists = 0;
      for (const ol of document.querySelectorAll('ol')) {
        lists++;
        const start = Number(ol.getAttribute('start') ?? '1');
        ol.querySelectorAll(':scope > li').forEach((li, i) => {
          // An outside marker ends where the item's box begins; it is as wide as its text.
          const style = getComputedStyle(li, '::marker');
          probe.style.font = style.font;
          probe.textContent = `${start + i}. `;
          const markerLeft = li.getBoundingClientRect().left - probe.getBoundingClientRect().width;
          if (markerLeft < contentLeft - 0.5) {
            out.push({ text: probe.textContent, markerLeft, contentLeft });
          }
        });
      }
      probe.remove();
      return { out, lists };
    });
    expect(overflow.lists).toBeGreaterThan(0);
    expect(overflow.out).toEqual([]);
  });

  test.each(documents)('%s: headings are kept with what follows', async (_n, doc) => {
    await load(doc());
    const styles = await page.evaluate(() =>
      [...document.querySelectorAll('h1, h2, h3')].map((h) => {
        const s = getComputedStyle(h);
        const next = h.nextElementSibling;
        return {
          after: s.breakAfter,
          inside: s.breakInside,
          nextBefore: next ? getComputedStyle(next).breakBefore : 'avoid',
        };
      }),
    );
    expect(styles.length).toBeGreaterThan(0);
    for (const s of styles)
      expect(s).toEqual({ after: 'avoid', inside: 'avoid', nextBefore: 'avoid' });
    // Chromium lays pages out the same way as columns of the page's height: no heading may
    // end a column whose next block starts in the following one.
    const stranded = await page.evaluate(() => {
      const main = document.querySelector('main') as HTMLElement;
      main.style.columnWidth = `${main.clientWidth}px`;
      main.style.columnGap = '0';
      main.style.columnFill = 'auto';
      main.style.height = `${innerHeight}px`;
      const out: string[] = [];
      for (const h of document.querySelectorAll('h1, h2, h3')) {
        const next = h.nextElementSibling;
        if (!next) continue;
        const hx = h.getBoundingClientRect().left;
        const nx = next.getClientRects()[0]?.left ?? hx;
        if (Math.abs(nx - hx) > 1) out.push(h.textContent ?? '');
      }
      return out;
    });
    expect(stranded).toEqual([]);
  });

  test('it prints to PDF', async () => {
    await load(longLists());
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
  });
});
