import type { Role } from '@convene/shared';
import { useEffect, useState } from 'react';
import { tokenFor } from '../net/tokens.ts';
import { connectWorkshop } from '../stores/workshopStore.ts';

/** Connects the page to its workshop with the role's token; null when there is no token. */
export function useRoleConnection(role: Role, workshopId: string): string | null {
  // Connected on the first render, not in an effect: an effect runs after the first paint,
  // which on a phone opening a big board was the slowest ~100 ms before the connection even
  // started (profileScreen.ts). connectWorkshop is idempotent for the same workshop.
  const [token] = useState(() => {
    const found = tokenFor(role, workshopId);
    if (found) connectWorkshop(workshopId, role, found);
    return found;
  });
  useEffect(() => {
    if (token) connectWorkshop(workshopId, role, token);
  }, [role, token, workshopId]);
  return token;
}
