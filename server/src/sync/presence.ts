/** Counts connected participants per workshop (a participant with two tabs counts once). */
export class PresenceTracker {
  private readonly byWorkshop = new Map<string, Map<string, number>>();

  add(workshopId: string, participantId: string): void {
    let m = this.byWorkshop.get(workshopId);
    if (!m) {
      m = new Map();
      this.byWorkshop.set(workshopId, m);
    }
    m.set(participantId, (m.get(participantId) ?? 0) + 1);
  }

  remove(workshopId: string, participantId: string): void {
    const m = this.byWorkshop.get(workshopId);
    const n = m?.get(participantId);
    if (!m || n === undefined) return;
    if (n <= 1) m.delete(participantId);
    else m.set(participantId, n - 1);
    if (m.size === 0) this.byWorkshop.delete(workshopId);
  }

  count(workshopId: string): number {
    return this.byWorkshop.get(workshopId)?.size ?? 0;
  }
}
