import type { ReactNode } from 'react';
import { LanguagePicker } from './LanguagePicker.tsx';

export function TopBar({
  title,
  children,
  brandLinks = true,
}: {
  title: string;
  children?: ReactNode;
  /**
   * False on participants' screens: `/` is the organiser's page, and a participant who taps the
   * name there would leave the workshop for a page that is not theirs.
   */
  brandLinks?: boolean;
}) {
  return (
    <header className="topbar">
      {brandLinks ? (
        <a className="brand" href="/">
          Convene
        </a>
      ) : (
        <span className="brand">Convene</span>
      )}
      <h1 className="topbar__title">{title}</h1>
      {children}
      <LanguagePicker />
    </header>
  );
}
