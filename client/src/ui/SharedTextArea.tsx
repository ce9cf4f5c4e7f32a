import { ORIGINS } from '@convene/shared';
import { useEffect, useRef, useState } from 'react';
import * as Y from 'yjs';

/**
 * A textarea bound to a Y.Text: local typing becomes minimal inserts and deletes, remote edits
 * update the text while the caret stays where it was relative to the surrounding characters.
 */
export function SharedTextArea({
  text,
  id,
  rows = 6,
  describedBy,
  maxLength,
}: {
  text: Y.Text;
  id: string;
  rows?: number;
  describedBy?: string;
  /** The server refuses a writer's change that grows the text past this (see LIMITS). */
  maxLength?: number;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [value, setValue] = useState(() => text.toString());

  useEffect(() => {
    setValue(text.toString());
    const onChange = (_e: Y.YTextEvent, tr: Y.Transaction) => {
      if (tr.origin === ORIGINS.local) return;
      const el = ref.current;
      const next = text.toString();
      if (!el || document.activeElement !== el) {
        setValue(next);
        return;
      }
      // Keep the caret: the positions were taken relative to the text before this change.
      const start = caret.current?.start;
      const end = caret.current?.end;
      setValue(next);
      requestAnimationFrame(() => {
        const doc = text.doc;
        if (!doc || !start || !end) return;
        const s = Y.createAbsolutePositionFromRelativePosition(start, doc);
        const e = Y.createAbsolutePositionFromRelativePosition(end, doc);
        if (s && e) el.setSelectionRange(s.index, e.index);
      });
    };
    text.observe(onChange);
    return () => text.unobserve(onChange);
  }, [text]);

  const caret = useRef<{ start: Y.RelativePosition; end: Y.RelativePosition } | null>(null);
  const rememberCaret = () => {
    const el = ref.current;
    if (!el) return;
    caret.current = {
      start: Y.createRelativePositionFromTypeIndex(text, el.selectionStart),
      end: Y.createRelativePositionFromTypeIndex(text, el.selectionEnd),
    };
  };

  const onInput = (next: string) => {
    const prev = text.toString();
    let start = 0;
    while (start < prev.length && start < next.length && prev[start] === next[start]) start++;
    let endPrev = prev.length;
    let endNext = next.length;
    while (endPrev > start && endNext > start && prev[endPrev - 1] === next[endNext - 1]) {
      endPrev--;
      endNext--;
    }
    text.doc?.transact(() => {
      if (endPrev > start) text.delete(start, endPrev - start);
      if (endNext > start) text.insert(start, next.slice(start, endNext));
    }, ORIGINS.local);
    setValue(next);
  };

  return (
    <textarea
      ref={ref}
      id={id}
      rows={rows}
      value={value}
      aria-describedby={describedBy}
      // A browser lets a text already past the limit shrink but not grow: as the server does.
      maxLength={maxLength}
      onChange={(e) => onInput(e.target.value)}
      onSelect={rememberCaret}
      onKeyUp={rememberCaret}
      onClick={rememberCaret}
    />
  );
}
