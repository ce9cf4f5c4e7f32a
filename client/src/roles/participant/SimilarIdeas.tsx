import { type BoardIdea, buildSenseIndex, type SenseIndex, similarTo } from '@convene/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { currentLanguage, t } from '../../i18n/i18n.ts';
import { useWorkshop } from '../../stores/workshopStore.ts';

/** Waits for a pause in the typing: the hint should not flicker under every key press. */
const DEBOUNCE_MS = 400;
/** Below a few words a draft says too little to be like anything. */
const MIN_DRAFT_CHARS = 15;
const SHOWN = 2;

/**
 * "Similar ideas on the board" under the idea box (issue 13, section 2): computed in this
 * browser from the ideas already in this participant's doc, which in open mode are the visible
 * ideas of the room; nothing is asked of the server. The caller passes no ideas in hidden mode,
 * where a participant must write without seeing the others.
 */
export function SimilarIdeas({ draft, ideas }: { draft: string; ideas: readonly BoardIdea[] }) {
  const [similar, setSimilar] = useState<BoardIdea[]>([]);
  // Ideas are compared in the workshop's language (issue 14), else the reader's.
  const language = useWorkshop((s) => s.board?.workshop.language) ?? currentLanguage();
  const languageRef = useRef(language);
  languageRef.current = language;
  const headingId = useId();
  // The index is rebuilt only when the board's ideas change, not at each pause in the typing.
  const cache = useRef<{ key: string; index: SenseIndex } | null>(null);
  const ideasRef = useRef(ideas);
  ideasRef.current = ideas;

  useEffect(() => {
    const text = draft.trim();
    if (text.length < MIN_DRAFT_CHARS) {
      setSimilar([]);
      return;
    }
    const timer = setTimeout(() => {
      const pool = ideasRef.current;
      if (pool.length === 0) {
        setSimilar([]);
        return;
      }
      const key = `${languageRef.current} ${pool.map((i) => `${i.id}:${i.text.length}`).join(' ')}`;
      if (cache.current?.key !== key) {
        cache.current = {
          key,
          index: buildSenseIndex(
            pool.map((i) => ({ id: i.id, text: i.text, actor: i.actor, nextStep: i.nextStep })),
            { language: languageRef.current },
          ),
        };
      }
      const byId = new Map(pool.map((i) => [i.id, i]));
      setSimilar(
        similarTo(cache.current.index, text, SHOWN).flatMap((h) => {
          const idea = byId.get(h.ideaId);
          return idea ? [idea] : [];
        }),
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft]);

  // The live region stays in the page so a screen reader hears the hint when it appears.
  return (
    <div className="similar-ideas" aria-live="polite">
      {similar.length > 0 ? (
        <section className="similar-ideas__box" aria-labelledby={headingId}>
          <p id={headingId} className="similar-ideas__title">
            {t.similarOnBoard}
          </p>
          <ul className="similar-ideas__list">
            {similar.map((i) => (
              <li key={i.id}>{i.text}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
