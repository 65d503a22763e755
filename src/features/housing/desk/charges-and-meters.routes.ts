// The staff's pages of what a premises is charged and what its meters show (issue #21), each
// under /admin/premises/:id/ and linked from the premises' page: its fee components, housing
// allowance decisions, media settlements and meter readings.
import type { Router } from 'express';
import type { GuardDeps } from '../../staff/index.ts';
import { meterReadingsRouter } from '../meters/meter-readings.routes.ts';
import { allowancesRouter } from './allowances/allowances.routes.ts';
import { feesRouter } from './fees/fees.routes.ts';
import type { DeskDeps } from './premises-desk.service.ts';
import { settlementsRouter } from './settlements/settlements.routes.ts';

export function chargesAndMetersRouters(deps: DeskDeps & GuardDeps): Router[] {
  return [feesRouter(deps), allowancesRouter(deps), settlementsRouter(deps), meterReadingsRouter(deps)];
}
