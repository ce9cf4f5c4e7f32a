import type { ReactNode } from 'react';
import { LanguagePicker } from './LanguagePicker.tsx';

/**
 * A participant's brand is not a link: "/" is the organiser's page, and a participant tapping
 * the logo would leave their workshop for a form that is not theirs (issue 12 item 9).
 */
const isParticipantPage = () => /^\/(participant|join)(\/|$)/.test(location.pathname);

export function TopBar({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="topbar">
      {isParticipantPage() ? (
        <span className="brand">Convene</span>
      ) : (
        <a className="brand" href="/">
          Convene
        </a>
      )}
      <h1 className="topbar__title">{title}</h1>
      {children}
      <LanguagePicker />
    </header>
  );
}
