// What a page shows of a city card's pickup window (issue #23, source 001): from the application's
// last submission until the card is handed over or lapses, the days it may be picked up. The
// counter's card page shows it; the client's application pages may call the same function, so
// both say the same days (city/pickup.ts pickupWindowOf, which the lapse job goes by too).
import type { PickupWindow } from '../../../../lib/pickup-window.ts';
import type { CardState } from '../../workflow.ts';
import type { CityCardApplication } from '../city-card.types.ts';
import { pickupWindowOf } from '../pickup.ts';

/** The states in which a card is still to be picked up: the window means something to its holder. */
export const PICKUP_STATES: ReadonlySet<CardState> = new Set(['submitted', 'approved', 'produced', 'ready']);

/** The window to show for a card in `state`, or undefined when there is none to show. */
export function pickupShown(
  state: CardState,
  application: Pick<CityCardApplication, 'submittedAt'> | undefined,
  timeZone: string,
): PickupWindow | undefined {
  if (!application || !PICKUP_STATES.has(state)) return undefined;
  return pickupWindowOf(application, timeZone);
}
