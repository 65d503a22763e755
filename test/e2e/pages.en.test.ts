// Every page of the journeys in en, axe-core and reflow at 320 px: see support/page-sweep.ts.
import { pageSweep } from './support/page-sweep.ts';

pageSweep(import.meta.url, 'en', { everyDisplay: false });
