import { type KeyboardEvent, useRef, useState } from 'react';

/** Value of the option that makes a new cluster instead of naming an existing one. */
export const NEW_CLUSTER = '__new__';

/**
 * A "Move to" list that moves only when the facilitator means it. In Chromium and Firefox an
 * arrow key on a closed <select> changes its value at once, so a plain onChange filed the idea in
 * the first cluster on the first arrow press. Here a change that follows a key press is only a
 * choice, committed by Enter; a change made with the mouse or touch (the opened list) commits at
 * once, as people expect of a pick.
 */
export function MoveSelect({
  id,
  label,
  value,
  options,
  disabled,
  onCommit,
}: {
  id?: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  disabled?: boolean;
  onCommit: (value: string) => void;
}) {
  const [pending, setPending] = useState<string | null>(null);
  const keyed = useRef(false);
  const commit = (next: string) => {
    setPending(null);
    if (next !== value) onCommit(next);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLSelectElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      commit(pending ?? e.currentTarget.value);
    } else if (e.key === 'Escape') {
      setPending(null);
    } else if (e.key !== 'Tab' && !e.ctrlKey && !e.metaKey) {
      keyed.current = true;
    }
  };
  return (
    <select
      id={id}
      aria-label={label}
      value={pending ?? value}
      disabled={disabled}
      onPointerDown={() => {
        keyed.current = false;
      }}
      onKeyDown={onKeyDown}
      onBlur={() => setPending(null)}
      onChange={(e) => {
        if (keyed.current) setPending(e.target.value);
        else commit(e.target.value);
      }}
    >
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
