// The pickup window of a city card application (issue #23, source 001), from its last
// submission's calendar day in the tenant's time zone: what the pages show, what the clerk sees
// at the counter and what the lapse job goes by, all through this one function.
import { calendarDayIn } from '../../../lib/zoned-date.ts';
import { pickupWindow, type PickupWindow } from '../../../lib/pickup-window.ts';
import type { CityCardApplication } from './city-card.types.ts';

export function pickupWindowOf(
  application: Pick<CityCardApplication, 'submittedAt'>,
  timeZone: string,
): PickupWindow | undefined {
  return application.submittedAt ? pickupWindow(calendarDayIn(timeZone, application.submittedAt)) : undefined;
}
