import { type BoardIdea, countryName, type LensConfig } from '@convene/shared';
import { useId, useState } from 'react';
import { currentLanguage, t } from '../../i18n/i18n.ts';
import { sendCommand, showingRefusal } from '../../net/commands.ts';
import { CountryPicker } from './CountryPicker.tsx';
import './lenses.css';

/** Whether every, some or none of the ideas have a tag: aria-pressed true, mixed, false. */
function pressed(count: number, of: number): boolean | 'mixed' {
  return count === 0 ? false : count === of ? true : 'mixed';
}

/**
 * Tagging by facilitators and rapporteurs, for one idea or several at once (`idea:tag`): each
 * value is a toggle, pressed when every idea has it ("mixed" when some do); pressing it gives
 * it to all, pressing it again takes it from all. Countries already on the ideas are toggles
 * too, and the type-ahead adds any other.
 */
export function TagControls({
  ideas,
  lenses,
  legend,
}: {
  ideas: readonly BoardIdea[];
  lenses: LensConfig;
  legend: string;
}) {
  const lang = currentLanguage();
  const headId = useId();
  const [error, setError] = useState<string | null>(null);
  const ideaIds = ideas.map((i) => i.id);
  const n = ideas.length;
  if (n === 0 || (!lenses.countries && !lenses.pbc && lenses.custom.length === 0)) return null;
  const send = async (
    payload: { lens: string } & ({ add?: string[]; remove?: string[] } | { value: boolean }),
  ) => {
    await showingRefusal(setError)(sendCommand('idea:tag', { ideaIds, ...payload }));
  };
  const countOf = (has: (i: BoardIdea) => boolean) => ideas.filter(has).length;
  const present = [...new Set(ideas.flatMap((i) => i.countries))].sort((a, b) =>
    countryName(a, lang).localeCompare(countryName(b, lang), lang),
  );
  const toggle = (label: string, count: number, onPress: () => void, key: string) => {
    const state = pressed(count, n);
    return (
      <button
        key={key}
        type="button"
        className="btn btn--small tag-toggle"
        aria-pressed={state}
        title={state === 'mixed' ? t.tagOnSome(label) : undefined}
        onClick={onPress}
      >
        {label}
      </button>
    );
  };
  return (
    <fieldset className="tag-controls" aria-describedby={error ? `${headId}-err` : undefined}>
      <legend>{legend}</legend>
      {lenses.countries ? (
        <div className="tag-controls__lens">
          <span className="tag-controls__name">{t.lensCountries}</span>
          <div className="tag-controls__values">
            {present.map((c) => {
              const count = countOf((i) => i.countries.includes(c));
              return toggle(
                countryName(c, lang),
                count,
                () =>
                  void send(
                    count === n
                      ? { lens: 'countries', remove: [c] }
                      : { lens: 'countries', add: [c] },
                  ),
                c,
              );
            })}
          </div>
          <CountryPicker
            label={t.addCountry}
            exclude={present.filter((c) => countOf((i) => i.countries.includes(c)) === n)}
            onPick={(code) => void send({ lens: 'countries', add: [code] })}
          />
        </div>
      ) : null}
      {lenses.pbc ? (
        <div className="tag-controls__lens">
          {toggle(
            t.lensPbc,
            countOf((i) => i.pbc),
            () => void send({ lens: 'pbc', value: countOf((i) => i.pbc) !== n }),
            'pbc',
          )}
        </div>
      ) : null}
      {lenses.custom.map((lens) => (
        <div key={lens.id} className="tag-controls__lens">
          <span className="tag-controls__name">{lens.name}</span>
          <div className="tag-controls__values">
            {lens.values.map((v) => {
              const count = countOf((i) => (i.tags[lens.id] ?? []).includes(v));
              return toggle(
                v,
                count,
                () =>
                  void send(
                    count === n ? { lens: lens.id, remove: [v] } : { lens: lens.id, add: [v] },
                  ),
                v,
              );
            })}
          </div>
        </div>
      ))}
      {error ? (
        <p id={`${headId}-err`} className="error-text small" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
