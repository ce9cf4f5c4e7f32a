import type { Phase } from '@convene/shared';
import { t } from '../i18n/i18n.ts';

export function PhaseBadge({ phase }: { phase: Phase }) {
  return <span className={`badge badge--${phase}`}>{t.phase[phase]}</span>;
}
