// Reflow at 320 px over every page of the journeys in en: see support/reflow-sweep.ts.
import { reflowSweep } from './support/reflow-sweep.ts';

reflowSweep(import.meta.url, 'en');
