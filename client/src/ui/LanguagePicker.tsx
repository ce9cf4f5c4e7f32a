import { useId } from 'react';
import { LANGUAGES, type Language, setLanguage, t, useLanguage } from '../i18n/i18n.ts';

/** Each person picks their own language; the choice stays on this device. */
export function LanguagePicker({ className = '' }: { className?: string }) {
  const id = useId();
  const language = useLanguage();
  return (
    <span className={`language-picker ${className}`}>
      <label className="visually-hidden" htmlFor={id}>
        {t.language}
      </label>
      <select id={id} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </span>
  );
}
