import { type BoardIdea, countryName, type LensConfig } from '@convene/shared';
import { useId } from 'react';
import { currentLanguage, t } from '../../i18n/i18n.ts';

/**
 * Filters a board by one lens value: `''` all, `country:LR`, `pbc`, `tag:<lensId>:<value>`,
 * `untagged`. Options list only values some idea of the board has, with how many.
 */
export function matchesLensFilter(idea: BoardIdea, filter: string, lenses: LensConfig): boolean {
  if (!filter) return true;
  if (filter === 'pbc') return idea.pbc;
  if (filter === 'untagged') {
    return (
      !(lenses.countries && idea.countries.length > 0) &&
      !(lenses.pbc && idea.pbc) &&
      !lenses.custom.some((l) => (idea.tags[l.id] ?? []).length > 0)
    );
  }
  if (filter.startsWith('country:')) return idea.countries.includes(filter.slice(8));
  if (filter.startsWith('tag:')) {
    const [, lensId = '', ...rest] = filter.split(':');
    return (idea.tags[lensId] ?? []).includes(rest.join(':'));
  }
  return true;
}

export function LensFilter({
  ideas,
  lenses,
  value,
  onChange,
}: {
  ideas: readonly BoardIdea[];
  lenses: LensConfig;
  value: string;
  onChange: (next: string) => void;
}) {
  const id = useId();
  const lang = currentLanguage();
  const count = (f: string) => ideas.filter((i) => matchesLensFilter(i, f, lenses)).length;
  const countries = lenses.countries
    ? [...new Set(ideas.flatMap((i) => i.countries))].sort((a, b) =>
        countryName(a, lang).localeCompare(countryName(b, lang), lang),
      )
    : [];
  const pbc = lenses.pbc ? count('pbc') : 0;
  const custom = lenses.custom.map((lens) => ({
    lens,
    values: lens.values.filter((v) => count(`tag:${lens.id}:${v}`) > 0),
  }));
  if (!lenses.countries && !lenses.pbc && lenses.custom.length === 0) return null;
  return (
    <div className="lens-filter">
      <label htmlFor={id}>{t.filterShow}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t.filterAll}</option>
        {countries.length > 0 ? (
          <optgroup label={t.lensCountries}>
            {countries.map((c) => (
              <option key={c} value={`country:${c}`}>
                {t.filterCount(countryName(c, lang), count(`country:${c}`))}
              </option>
            ))}
          </optgroup>
        ) : null}
        {pbc > 0 ? <option value="pbc">{t.filterCount(t.lensPbc, pbc)}</option> : null}
        {custom
          .filter((c) => c.values.length > 0)
          .map(({ lens, values }) => (
            <optgroup key={lens.id} label={lens.name}>
              {values.map((v) => (
                <option key={v} value={`tag:${lens.id}:${v}`}>
                  {t.filterCount(v, count(`tag:${lens.id}:${v}`))}
                </option>
              ))}
            </optgroup>
          ))}
        <option value="untagged">{t.filterCount(t.filterUntagged, count('untagged'))}</option>
      </select>
    </div>
  );
}
