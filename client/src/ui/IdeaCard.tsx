import type { ReactNode } from 'react';
import { t } from '../i18n/i18n.ts';

export function IdeaCard({
  text,
  actor,
  nextStep,
  children,
  className,
}: {
  text: string;
  actor: string | null;
  nextStep: string | null;
  children?: ReactNode;
  /** Extra class on the card (the ballot marks the ideas that carry the voter's dots). */
  className?: string | undefined;
}) {
  return (
    <li className={className ? `idea ${className}` : 'idea'}>
      <p className="idea__text">{text}</p>
      {actor || nextStep ? (
        <p className="idea__meta">
          {actor ? (
            <span>
              {t.actor}: {actor}
            </span>
          ) : null}
          {actor && nextStep ? ' · ' : null}
          {nextStep ? (
            <span>
              {t.nextStep}: {nextStep}
            </span>
          ) : null}
        </p>
      ) : null}
      {children}
    </li>
  );
}
