import type { IdeaOrigin } from '@convene/shared';
import type { ReactNode } from 'react';
import { t } from '../i18n/i18n.ts';
import { OriginMark } from './OriginMark.tsx';

export function IdeaCard({
  text,
  actor,
  nextStep,
  children,
  className,
  origins,
}: {
  text: string;
  actor: string | null;
  nextStep: string | null;
  children?: ReactNode;
  /** Extra class on the card (the ballot marks the ideas that carry the voter's dots). */
  className?: string | undefined;
  /** Consolidation session (issue 15): the workshops the idea was carried forward from. */
  origins?: readonly IdeaOrigin[] | undefined;
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
      <OriginMark origins={origins} />
      {children}
    </li>
  );
}
