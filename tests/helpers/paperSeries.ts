import type { CreatedSeries, CreatedWorkshopWithSeries } from '@convene/shared';
import { fixtureArchive, loadFixture } from './fixtureBoard.ts';

/**
 * The six workshops of the "Applying Sustaining Peace" fixture in one series, through the HTTP
 * API: the series is created, each workshop imported from its archive and attached with its
 * facilitator link. The paper slice's own setup (issue 15) until the shared
 * `tests/helpers/seriesFixture.ts` of the plan slice is merged; then this one gives way to it.
 */
export interface PaperSeries {
  id: string;
  token: string;
  workshops: CreatedWorkshopWithSeries[];
}

export async function paperSeriesFromFixture(
  url: string,
  opts: { adminToken?: string; name?: string; count?: number; language?: 'en' | 'fr' | 'es' } = {},
): Promise<PaperSeries> {
  const fixture = loadFixture();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.adminToken) headers.authorization = `Bearer ${opts.adminToken}`;
  const made = await fetch(`${url}/api/series`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      name: opts.name ?? fixture.series.title,
      description: fixture.series.description,
    }),
  });
  if (made.status !== 201) throw new Error(`series: ${made.status} ${await made.text()}`);
  const series = (await made.json()) as CreatedSeries;
  const workshops: CreatedWorkshopWithSeries[] = [];
  for (let i = 0; i < (opts.count ?? fixture.workshops.length); i++) {
    const archive = fixtureArchive(i, fixture);
    archive.workshop.series = null;
    if (opts.language) archive.workshop.language = opts.language;
    const res = await fetch(`${url}/api/workshops/import`, {
      method: 'POST',
      headers,
      body: JSON.stringify(archive),
    });
    if (res.status !== 201) throw new Error(`import ${i}: ${res.status} ${await res.text()}`);
    const created = (await res.json()) as CreatedWorkshopWithSeries;
    const attach = await fetch(`${url}/api/series/${series.id}/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${series.token}` },
      body: JSON.stringify({ facilitatorToken: created.facilitatorToken }),
    });
    if (attach.status !== 200) throw new Error(`attach ${i}: ${attach.status}`);
    workshops.push(created);
  }
  return { id: series.id, token: series.token, workshops };
}
