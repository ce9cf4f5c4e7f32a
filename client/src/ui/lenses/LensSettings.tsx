import { type CustomLens, LENS_LIMITS, type LensConfig } from '@convene/shared';
import { useId } from 'react';
import { t } from '../../i18n/i18n.ts';
import { randomId } from '../../net/api.ts';
import './lenses.css';

/** A custom lens as edited: its values as typed, one per line. */
export interface LensDraft {
  id: string;
  name: string;
  values: string;
}

/** The lenses being edited, as the form holds them. */
export interface LensesDraft {
  countries: boolean;
  pbc: boolean;
  custom: LensDraft[];
}

export function draftOf(config: LensConfig): LensesDraft {
  return {
    countries: config.countries,
    pbc: config.pbc,
    custom: config.custom.map((l) => ({ id: l.id, name: l.name, values: l.values.join('\n') })),
  };
}

/** The configuration a draft stands for; null when a custom lens lacks a name or values. */
export function configOf(draft: LensesDraft): LensConfig | null {
  const custom: CustomLens[] = [];
  for (const l of draft.custom) {
    const values = [
      ...new Map(
        l.values
          .split('\n')
          .map((v) => v.trim())
          .filter((v) => v !== '')
          .map((v) => [v.toLowerCase(), v.slice(0, LENS_LIMITS.lensValue)] as const),
      ).values(),
    ].slice(0, LENS_LIMITS.valuesPerLens);
    const name = l.name.trim();
    if (!name || values.length === 0) return null;
    custom.push({ id: l.id, name, values });
  }
  return { countries: draft.countries, pbc: draft.pbc, custom };
}

/**
 * Which lenses a workshop uses: the two built-in ones can be switched off, custom ones added
 * (a name and up to 12 values). Used when creating a workshop and in the facilitator's settings.
 */
export function LensSettings({
  value,
  onChange,
  hideLegend = false,
}: {
  value: LensesDraft;
  onChange: (next: LensesDraft) => void;
  /** Under a heading that already says "Lenses": the legend is for screen readers only. */
  hideLegend?: boolean;
}) {
  const ids = useId();
  const setLens = (i: number, patch: Partial<LensDraft>) =>
    onChange({
      ...value,
      custom: value.custom.map((l, k) => (k === i ? { ...l, ...patch } : l)),
    });
  return (
    <fieldset className="lens-settings stack">
      <legend className={hideLegend ? 'visually-hidden' : undefined}>{t.lenses}</legend>
      <p className="hint">{t.lensesHint}</p>
      <label className="check">
        <input
          type="checkbox"
          checked={value.countries}
          onChange={(e) => onChange({ ...value, countries: e.target.checked })}
        />{' '}
        {t.lensCountries}
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={value.pbc}
          onChange={(e) => onChange({ ...value, pbc: e.target.checked })}
        />{' '}
        {t.lensPbc}
      </label>
      {value.custom.map((l, i) => (
        <div key={l.id} className="lens-settings__custom stack">
          <div className="field">
            <label htmlFor={`${ids}-name-${l.id}`}>{t.customLensName}</label>
            <input
              id={`${ids}-name-${l.id}`}
              type="text"
              maxLength={LENS_LIMITS.lensName}
              value={l.name}
              onChange={(e) => setLens(i, { name: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-values-${l.id}`}>{t.customLensValues}</label>
            <textarea
              id={`${ids}-values-${l.id}`}
              rows={3}
              value={l.values}
              onChange={(e) => setLens(i, { values: e.target.value })}
            />
          </div>
          <div>
            <button
              type="button"
              className="btn btn--secondary btn--small"
              onClick={() => onChange({ ...value, custom: value.custom.filter((_, k) => k !== i) })}
            >
              {t.removeLens(l.name || String(i + 1))}
            </button>
          </div>
        </div>
      ))}
      {value.custom.length < LENS_LIMITS.customLenses ? (
        <div>
          <button
            type="button"
            className="btn btn--secondary btn--small"
            onClick={() =>
              onChange({
                ...value,
                custom: [...value.custom, { id: randomId(), name: '', values: '' }],
              })
            }
          >
            + {t.addLens}
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}
