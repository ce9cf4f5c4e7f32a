import { countryName, detectCountries, type LensConfig } from '@convene/shared';
import { currentLanguage, t } from '../../i18n/i18n.ts';
import { CountryPicker } from './CountryPicker.tsx';
import './lenses.css';

/**
 * A participant's optional tags while writing or editing their idea. When the text names a
 * country, Convene proposes it as a button to press — a proposal only: nothing is tagged until
 * the participant presses it.
 */
export function IdeaLensFields({
  lenses,
  text,
  countries,
  pbc,
  onCountries,
  onPbc,
}: {
  lenses: LensConfig;
  text: string;
  countries: readonly string[];
  pbc: boolean;
  onCountries: (next: string[]) => void;
  onPbc: (next: boolean) => void;
}) {
  const lang = currentLanguage();
  if (!lenses.countries && !lenses.pbc) return null;
  // Nothing to look for in an empty box; and not building the country index before the first
  // word keeps ~45 ms off the phone's first screen (the index is built once, on first use).
  const suggested =
    lenses.countries && text.trim().length >= 3
      ? detectCountries(text).filter((c) => !countries.includes(c))
      : [];
  const add = (code: string) => onCountries([...new Set([...countries, code])].sort());
  return (
    <fieldset className="lens-fields">
      <legend>{t.tagsOptional}</legend>
      {suggested.length > 0 ? (
        <p className="lens-suggest">
          <span className="muted small">{t.suggestedFromText}</span>{' '}
          {suggested.map((c) => (
            <button
              key={c}
              type="button"
              className="btn btn--secondary btn--small lens-chip lens-chip--suggested"
              aria-label={t.tagCountry(countryName(c, lang))}
              onClick={() => add(c)}
            >
              + {countryName(c, lang)}
            </button>
          ))}
        </p>
      ) : null}
      {lenses.countries ? (
        <>
          {countries.length > 0 ? (
            <ul className="lens-chips" aria-label={t.lensCountries}>
              {countries.map((c) => (
                <li key={c} className="lens-chip">
                  {countryName(c, lang)}
                  <button
                    type="button"
                    className="lens-chip__remove"
                    aria-label={t.removeTag(countryName(c, lang))}
                    onClick={() => onCountries(countries.filter((x) => x !== c))}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <CountryPicker label={t.lensCountries} exclude={countries} onPick={add} />
        </>
      ) : null}
      {lenses.pbc ? (
        <label className="check">
          <input type="checkbox" checked={pbc} onChange={(e) => onPbc(e.target.checked)} />{' '}
          {t.lensPbc}
        </label>
      ) : null}
    </fieldset>
  );
}
