// /admin/audit: a manager reads the tenant's audit log (issue #18), filtered by member of staff,
// subject (a client's id, mostly), action and a range of days in the tenant's time zone, newest
// first, a page at a time by keyset (the "older" link carries the last row's cursor and the
// filters), and downloads the same selection as CSV (/admin/audit.csv, headed in the reader's
// language, cells neutralised by the audit service).
//
// Reading the log writes no audit row: it holds no raw personal data (values are masked as
// stored), only managers read it, and a row per page viewed would bury the changes it is for.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import {
  AUDIT_CSV_COLUMNS,
  auditCsv,
  auditPage,
  decodeAuditCursor,
  encodeAuditCursor,
  type AuditCsvHeader,
  type AuditFilter,
} from '../../../platform/audit/browse.ts';
import { readForm, type InvalidFormResult } from '../../../platform/http/forms.ts';
import { HttpError } from '../../../platform/http/errors.ts';
import type { Clock } from '../../../lib/clock.ts';
import { startOfDayIn } from '../../../lib/zoned-date.ts';
import { exportFileName } from '../../accounts/index.ts';
import { listStaff } from '../staff.service.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from './guards.ts';
import { AUDIT_FILTER_FIELDS, auditFilterForm, type AuditFilterForm } from './audit.form.ts';

/** Rows on a page: a screenful to scan, and the CSV for more. */
export const AUDIT_PAGE_ROWS = 50;

const VIEW = 'admin/audit/log';

/** The service's filter from the form: days become instants in the tenant's zone, `to` inclusive. */
function filterOf(form: AuditFilterForm, timeZone: string): AuditFilter {
  return {
    ...(form.staff ? { staffId: form.staff } : {}),
    ...(form.subject ? { subjectId: form.subject } : {}),
    ...(form.action ? { action: form.action } : {}),
    ...(form.from ? { from: startOfDayIn(timeZone, form.from) } : {}),
    ...(form.to ? { to: startOfDayIn(timeZone, form.to, 1) } : {}),
  };
}

/** The filters as typed, for the form's fields and the links that keep them. */
function typedFilters(req: Request): Record<string, string> {
  const typed: Record<string, string> = {};
  for (const field of AUDIT_FILTER_FIELDS) {
    const value = req.query[field];
    if (typeof value === 'string' && value.trim() !== '') typed[field] = value.trim();
  }
  return typed;
}

export function auditRouter(deps: GuardDeps & { clock: Clock }): Router {
  const router = Router();
  const guard = requireStaff(deps);

  /** The members of staff, for the filter's choice and the rows' names. */
  const staffOf = async (res: Response) => {
    const listed = await listStaff(deps, staffContext(res));
    if (listed.kind === 'forbidden') throw new HttpError(403, 'the policy refused the staff list');
    return listed.staff;
  };

  const render = async (
    req: Request,
    res: Response,
    status: number,
    page: { rows: unknown[]; olderUrl?: string; problem?: 'badCursor'; invalid?: InvalidFormResult },
  ) => {
    const { ctx } = res.locals;
    const filters = typedFilters(req);
    const query = new URLSearchParams(filters).toString();
    res.setHeader('Cache-Control', 'no-store');
    res.status(status).render(VIEW, {
      title: ctx.t('adminAudit:title'),
      rows: page.rows,
      staff: await staffOf(res),
      olderUrl: page.olderUrl,
      problem: page.problem,
      csvUrl: ctx.url(`/admin/audit.csv${query ? `?${query}` : ''}`),
      errors: page.invalid?.errors ?? [],
      values: filters,
    });
  };

  /** The parsed filters, or the page again (422) with what is wrong with them. */
  const filtersOrInvalid = async (req: Request, res: Response): Promise<AuditFilterForm | undefined> => {
    const form = readForm(auditFilterForm, req.query, res.locals.ctx.t);
    if (form.ok) return form.data;
    await render(req, res, 422, { rows: [], invalid: form });
    return undefined;
  };

  router.get('/audit', guard, allow('audit.read'), async (req, res) => {
    const form = await filtersOrInvalid(req, res);
    if (!form) return;
    const context = staffContext(res);
    const after = form.after === undefined ? undefined : decodeAuditCursor(form.after);
    if (form.after !== undefined && !after) return render(req, res, 422, { rows: [], problem: 'badCursor' });
    const page = await auditPage(deps, context, filterOf(form, context.tenant.timeZone), after, AUDIT_PAGE_ROWS);
    const older = page.next && new URLSearchParams({ ...typedFilters(req), after: encodeAuditCursor(page.next) });
    await render(req, res, 200, {
      rows: page.rows,
      ...(older ? { olderUrl: res.locals.ctx.url(`/admin/audit?${older}`) } : {}),
    });
  });

  router.get('/audit.csv', guard, allow('audit.read'), async (req, res) => {
    const form = await filtersOrInvalid(req, res);
    if (!form) return;
    const { ctx } = res.locals;
    const context = staffContext(res);
    const header = Object.fromEntries(
      AUDIT_CSV_COLUMNS.map((column) => [column, ctx.t(`adminAudit:csv.${column}`)]),
    ) as AuditCsvHeader;
    res.setHeader('Cache-Control', 'no-store');
    res.attachment(exportFileName(context.tenant, ctx.t('adminAudit:csv.fileStem'), deps.clock.now(), 'csv'));
    res.type('text/csv; charset=utf-8');
    await pipeline(Readable.from(auditCsv(deps, context, filterOf(form, context.tenant.timeZone), header)), res);
  });

  return router;
}
