import { countryName, searchCountries } from '@convene/shared';
import { useId, useState } from 'react';
import { currentLanguage, t } from '../../i18n/i18n.ts';

/**
 * A type-ahead for countries (WAI-ARIA combobox with a list box): names in English, French or
 * Spanish and short forms ("DRC", "Ivory Coast") all find the country; results are shown in
 * the reader's language. Picking one calls `onPick` and clears the box for the next.
 */
export function CountryPicker({
  label,
  onPick,
  exclude = [],
  disabled = false,
}: {
  label: string;
  onPick: (code: string) => void;
  exclude?: readonly string[];
  disabled?: boolean;
}) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const lang = currentLanguage();
  const results = query.trim()
    ? searchCountries(query, lang, 12)
        .filter((c) => !exclude.includes(c))
        .slice(0, 8)
    : [];
  const showing = open && query.trim() !== '';
  const pick = (code: string) => {
    onPick(code);
    setQuery('');
    setOpen(false);
    setActive(0);
  };
  const optionId = (code: string) => `${id}-opt-${code}`;
  const activeCode = showing ? results[Math.min(active, results.length - 1)] : undefined;
  return (
    <div className="country-picker field">
      <label htmlFor={`${id}-input`}>{label}</label>
      <div className="country-picker__box">
        <input
          id={`${id}-input`}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={showing && results.length > 0}
          aria-controls={`${id}-list`}
          aria-activedescendant={activeCode ? optionId(activeCode) : undefined}
          aria-describedby={`${id}-hint`}
          disabled={disabled}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setOpen(true);
            setActive(0);
          }}
          onBlur={() => setOpen(false)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setOpen(true);
              setActive((a) => Math.min(a + 1, Math.max(results.length - 1, 0)));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === 'Enter') {
              // Enter picks the highlighted country; it never submits the form around it.
              if (activeCode) {
                e.preventDefault();
                pick(activeCode);
              } else if (query.trim()) e.preventDefault();
            } else if (e.key === 'Escape') {
              setOpen(false);
            }
          }}
        />
        <div
          id={`${id}-list`}
          role="listbox"
          aria-label={label}
          className="country-picker__list"
          hidden={!showing || results.length === 0}
        >
          {results.map((code) => (
            <div
              key={code}
              id={optionId(code)}
              role="option"
              // Reached through aria-activedescendant: the input keeps focus, never the option.
              tabIndex={-1}
              aria-selected={code === activeCode}
              className="country-picker__option"
              // mousedown, not click: the input keeps focus, so the list is still there.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(code);
              }}
            >
              {countryName(code, lang)}
            </div>
          ))}
        </div>
      </div>
      <span id={`${id}-hint`} className="hint">
        {showing && results.length === 0 ? t.noCountryFound : t.countryHint}
      </span>
    </div>
  );
}
