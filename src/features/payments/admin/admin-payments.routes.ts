// /admin/payments (issue #20): the tenant's payments, filtered (state, provider, days) and paged
// by keyset, for clerks and managers; /admin/payments/reconciliation and its .csv: the day's
// reconciliation, a manager's. Bad filters are said on the page (422), never sent to the database.
import { Router, type Response } from 'express';
import { readForm, type FieldError } from '../../../platform/http/forms.ts';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../../platform/http/keyset-cursor.ts';
import { exportFileName } from '../../accounts/index.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../staff/index.ts';
import type { PaymentsDeps } from '../payments.deps.ts';
import { todayIn } from '../payments.deps.ts';
import { PAYMENTS_FILTER_FIELDS, paymentsFilterForm, reconciliationForm } from './admin-payments.form.ts';
import { paymentsPage } from './admin-payments.service.ts';
import { reconciliationCsv } from './reconciliation.csv.ts';
import { reconciliation } from './reconciliation.service.ts';

const LIST = 'admin/payments/list';
const REPORT = 'admin/payments/reconciliation';

export function adminPaymentsRouter(deps: Pick<PaymentsDeps, 'db' | 'clock'> & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);
  const invalid = (res: Response, view: string, errors: FieldError[], values: Record<string, string>) =>
    res.status(422).render(view, {
      title: res.locals.ctx.t('adminPayments:title'),
      payments: [],
      report: undefined,
      errors,
      values,
    });

  router.get('/payments', guard, allow('payments.view'), async (req, res) => {
    const { ctx } = res.locals;
    res.setHeader('Cache-Control', 'no-store');
    const form = readForm(paymentsFilterForm, req.query, ctx.t);
    if (!form.ok) return invalid(res, LIST, form.errors, form.values);
    const { after: typed, ...filter } = form.data;
    const values = Object.fromEntries(
      PAYMENTS_FILTER_FIELDS.flatMap((field) => (filter[field] ? [[field, filter[field]]] : [])),
    );
    const after = typed === undefined ? undefined : decodeKeysetCursor(typed);
    if (typed !== undefined && !after) {
      const query = new URLSearchParams(values).toString();
      const newest = ctx.url(`/admin/payments${query ? `?${query}` : ''}`);
      const message = ctx.t('adminPayments:filters.badCursor');
      return invalid(res, LIST, [{ field: 'after', message, href: newest }], values);
    }
    const page = await paymentsPage(deps.db, staffContext(res), filter, after);
    const older = page.next && new URLSearchParams({ ...values, after: encodeKeysetCursor(page.next) });
    res.render(LIST, {
      title: ctx.t('adminPayments:title'),
      payments: page.payments,
      values,
      ...(older ? { olderUrl: ctx.url(`/admin/payments?${older}`) } : {}),
    });
  });

  const reportOf = async (req: Parameters<Parameters<typeof router.get>[1]>[0], res: Response) => {
    const form = readForm(reconciliationForm, req.query, res.locals.ctx.t);
    if (!form.ok) return void invalid(res, REPORT, form.errors, form.values);
    const context = staffContext(res);
    const date = form.data.date ?? todayIn(context.tenant.timeZone, deps.clock.now());
    return reconciliation(deps.db, context, date);
  };

  router.get('/payments/reconciliation', guard, allow('payments.reconcile'), async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const report = await reportOf(req, res);
    if (!report) return;
    const csvUrl = res.locals.ctx.url(`/admin/payments/reconciliation.csv?date=${report.date}`);
    res.render(REPORT, {
      title: res.locals.ctx.t('adminPayments:reconciliation.title'),
      report,
      values: { date: report.date },
      csvUrl,
    });
  });

  router.get('/payments/reconciliation.csv', guard, allow('payments.reconcile'), async (req, res) => {
    const report = await reportOf(req, res);
    if (!report) return;
    const { ctx } = res.locals;
    res.setHeader('Cache-Control', 'no-store');
    res.attachment(
      exportFileName(staffContext(res).tenant, ctx.t('adminPayments:csv.fileStem'), deps.clock.now(), 'csv'),
    );
    res.type('text/csv; charset=utf-8').send(reconciliationCsv(report, ctx.t));
  });

  return router;
}
