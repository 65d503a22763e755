// What a city card carries as far as the portal knows (issue #23): the e-purse and the tickets are
// the ticketing system's, and the portal is told only of what it loaded: its top-ups, its tickets
// and the balances a replacement moved onto the card. What the holder spent is the ticketing
// system's to know, so the portal's e-purse figure is what was put on the card, no more.
import type { Load } from './loads.repo.ts';

/** The e-purse the loads add up to, in minor units: the top-ups and the balances moved onto the card. */
export function ePurseOf(loads: readonly Load[]): number {
  return loads.filter((load) => load.kind !== 'ticket').reduce((sum, load) => sum + load.amount, 0);
}

/** The period tickets still valid on `today` (YYYY-MM-DD): what a replacement moves. */
export function ticketsValidOn(loads: readonly Load[], today: string): Load[] {
  return loads.filter((load) => load.ticket !== null && load.ticket.validUntil >= today);
}
