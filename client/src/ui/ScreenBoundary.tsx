import type { ReactNode } from 'react';
import { useWorkshop } from '../stores/workshopStore.ts';
import { PanelBoundary } from './PanelBoundary.tsx';

/**
 * A role screen's last line of defence: whatever throws outside its parts' own boundaries
 * shows the message instead of a blank page, and the screen is tried again with the next
 * change to the board.
 */
export function ScreenBoundary({ name, children }: { name: string; children: ReactNode }) {
  const board = useWorkshop((s) => s.board);
  return (
    <PanelBoundary name={name} resetKey={board} className="page">
      {children}
    </PanelBoundary>
  );
}
