import type { Role } from '@convene/shared';
import { useEffect, useState } from 'react';
import { tokenFor } from '../net/tokens.ts';
import { connectWorkshop } from '../stores/workshopStore.ts';

/** Connects the page to its workshop with the role's token; null when there is no token. */
export function useRoleConnection(role: Role, workshopId: string): string | null {
  const [token] = useState(() => tokenFor(role, workshopId));
  useEffect(() => {
    if (token) connectWorkshop(workshopId, role, token);
  }, [role, token, workshopId]);
  return token;
}
