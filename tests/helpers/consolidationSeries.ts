import type { CreatedWorkshopWithSeries } from '@convene/shared';
import { fixtureArchive, loadFixture } from './fixtureBoard.ts';

/**
 * A series of fixture workshops built through the HTTP API, for the consolidation tests: the
 * first import names the series (and so creates it, handing out its link); the others are added
 * with their facilitator links. Every question of a fixture archive is closed, with one round
 * of dot voting. (The plan helper's `seriesFromFixture` in seriesFixture.ts does the same for
 * the whole issue; this local copy is to be replaced by it at merge.)
 */
export interface ImportedSeries {
  id: string;
  name: string;
  token: string;
  workshops: CreatedWorkshopWithSeries[];
}

export async function importFixtureSeries(
  url: string,
  opts: { count?: number; name?: string; adminToken?: string } = {},
): Promise<ImportedSeries> {
  const fixture = loadFixture();
  const name = opts.name ?? fixture.series.title;
  const count = opts.count ?? fixture.workshops.length;
  const auth: Record<string, string> = opts.adminToken
    ? { authorization: `Bearer ${opts.adminToken}` }
    : {};
  const workshops: CreatedWorkshopWithSeries[] = [];
  let series: { id: string; token: string } | null = null;
  for (let k = 0; k < count; k++) {
    const archive = fixtureArchive(k, fixture);
    archive.workshop.series = name;
    archive.workshop.seriesNumber = k + 1;
    const res = await fetch(`${url}/api/workshops/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify(archive),
    });
    if (res.status !== 201) throw new Error(`import → ${res.status} ${await res.text()}`);
    const made = (await res.json()) as CreatedWorkshopWithSeries;
    workshops.push(made);
    if (!series) {
      const ref = made.series;
      if (!ref?.token) throw new Error('the first import should create the series');
      series = { id: ref.id, token: ref.token };
      continue;
    }
    const attach = await fetch(`${url}/api/series/${series.id}/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${series.token}` },
      body: JSON.stringify({ facilitatorToken: made.facilitatorToken }),
    });
    if (attach.status !== 200) throw new Error(`attach → ${attach.status} ${await attach.text()}`);
  }
  if (!series) throw new Error('no workshop imported');
  return { id: series.id, name, token: series.token, workshops };
}
