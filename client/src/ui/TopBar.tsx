import type { ReactNode } from 'react';
import { LanguagePicker } from './LanguagePicker.tsx';

export function TopBar({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="topbar">
      <a className="brand" href="/">
        Convene
      </a>
      <h1 className="topbar__title">{title}</h1>
      {children}
      <LanguagePicker />
    </header>
  );
}
