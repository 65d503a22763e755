// Axe-core over every public page in cs: see support/accessibility-sweep.ts.
import { accessibilitySweep } from './support/accessibility-sweep.ts';

accessibilitySweep(import.meta.url, 'cs');
