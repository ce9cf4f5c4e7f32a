import type { Phase } from '@convene/shared';
import { t } from '../i18n/messages.ts';

export function PhaseBadge({ phase }: { phase: Phase }) {
  return <span className={`badge badge--${phase}`}>{t.phase[phase]}</span>;
}
