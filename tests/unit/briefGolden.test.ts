import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type BriefDocument,
  composeBrief,
  composeSeriesPaper,
  renderHtml,
  renderMarkdown,
} from '@convene/shared';
import { describe, expect, test } from 'vitest';
import { genreSnapshot } from '../helpers/briefFixture.ts';
import { fixtureSeries, fixtureSnapshot } from '../helpers/fixtureBoard.ts';

/**
 * Golden files: the Markdown and HTML of briefs built from the "Applying Sustaining Peace"
 * fixture, and of the series' policy paper. A change in wording or layout shows up here as a
 * readable diff. After an intended change, regenerate them and review the diff:
 *
 *   UPDATE_GOLDEN=1 npx vitest run tests/unit/briefGolden.test.ts
 */

const GOLDEN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../golden');
const update = process.env.UPDATE_GOLDEN === '1';
const now = new Date('2017-06-01T09:00:00Z');

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (update) {
    fs.mkdirSync(GOLDEN_DIR, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  if (!fs.existsSync(file)) {
    throw new Error(
      `${name} is missing: run UPDATE_GOLDEN=1 npx vitest run tests/unit/briefGolden.test.ts`,
    );
  }
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

const cases: [string, () => BriefDocument][] = [
  // Workshop 1 with the front matter and lenses of issue 14: an idea with line breaks, one
  // with an emoji and one in French.
  ['mandates-brief', () => composeBrief(genreSnapshot(0), {}, { now })],
  // The same brief in French (the frame is translated, the ideas stay as written).
  ['mandates-brief-fr', () => composeBrief(genreSnapshot(0, { language: 'fr' }), {}, { now })],
  // Workshop 2 as an older store gives it (no front matter, no lens data): the fallbacks.
  // Quotes and an ampersand, and notes that name a participant.
  ['financing-brief', () => composeBrief(fixtureSnapshot(1), {}, { now })],
  ['series-policy-paper', () => composeSeriesPaper(fixtureSeries(), { now })],
];

describe.each(cases)('%s', (name, build) => {
  test('Markdown', () => golden(`${name}.md`, renderMarkdown(build())));
  test('HTML', () => golden(`${name}.html`, renderHtml(build())));
});
