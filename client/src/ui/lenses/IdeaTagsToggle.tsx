import type { BoardIdea, LensConfig } from '@convene/shared';
import { useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { TagControls } from './TagControls.tsx';

/** A card's "Tags" button, opening the tag toggles for that one idea. */
export function IdeaTagsToggle({ idea, lenses }: { idea: BoardIdea; lenses: LensConfig }) {
  const [open, setOpen] = useState(false);
  if (!lenses.countries && !lenses.pbc && lenses.custom.length === 0) return null;
  const short = idea.text.slice(0, 60);
  return (
    <>
      <button
        type="button"
        className="btn btn--secondary btn--small"
        aria-expanded={open}
        aria-label={t.tagsOf(short)}
        onClick={() => setOpen((o) => !o)}
      >
        {t.tags}
      </button>
      {open ? <TagControls ideas={[idea]} lenses={lenses} legend={t.tagsOf(short)} /> : null}
    </>
  );
}
