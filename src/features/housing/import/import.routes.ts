// /admin/premises/import: a manager imports the accounting system's CSV (issue #21). The form
// sends the file (multipart; with JavaScript, public/js/upload-progress.js shows it going, and
// since the file is checked as it arrives, how far it has been checked); a file with problems
// is answered at once with every problem by its line (422, nothing kept), a good one is kept
// and its report has the button that imports it; the import answers with its result. Too large
// a file is a 413 on the form, before anything is kept. Another manager's file, or another
// tenant's, is a 404.
import { Router, type Response } from 'express';
import { HttpError } from '../../../platform/http/errors.ts';
import type { FieldError } from '../../../platform/http/forms.ts';
import { idParam } from '../../../platform/http/id-param.ts';
import { receiveUpload, UploadTooLarge } from '../../../platform/uploads/receive-upload.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../staff/index.ts';
import type { ImportReport } from './import-entries.service.ts';
import { shownProblems } from './import-report.ts';
import {
  checkImportUpload,
  commitImportUpload,
  IMPORT_UPLOAD,
  keptImport,
  type ImportUploadDeps,
} from './import-upload.service.ts';

const FORM_VIEW = 'admin/housing/import';
const KEPT_VIEW = 'admin/housing/import-kept';

/** The purpose's limit in whole megabytes, as the form's hint and the 413 say it. */
const MAX_SIZE_MB = IMPORT_UPLOAD.maxBytes / (1024 * 1024);

export function importRouter(deps: ImportUploadDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);
  const mayImport = allow('premises.import');

  const renderForm = (res: Response, status: number, errors: FieldError[] = [], problems?: Problems) => {
    res.setHeader('Cache-Control', 'no-store');
    res.status(status).render(FORM_VIEW, {
      title: res.locals.ctx.t('housingImport:form.title'),
      errors,
      check: { maxSize: MAX_SIZE_MB, problems },
    });
  };

  router.get('/premises/import', guard, mayImport, (_req, res) => renderForm(res, 200));

  router.post('/premises/import', guard, mayImport, async (req, res) => {
    const { ctx } = res.locals;
    try {
      const upload = await receiveUpload(req, IMPORT_UPLOAD);
      // No file chosen (the import's sniff refuses none: the reader says what is wrong with one).
      if (upload.kind !== 'file') {
        return renderForm(res, 422, [{ field: 'file', message: ctx.t('housingImport:form.fileMissing') }]);
      }
      const outcome = await checkImportUpload(deps, staffContext(res), upload);
      if (outcome.kind === 'kept') return res.redirect(303, ctx.url(`/admin/premises/import/${outcome.uploadId}`));
      // The reader stops at a file error: the rest still may not be too large.
      await upload.skipRest();
      renderForm(res, 422, [], problemsOf(res, upload.fileName, outcome.report));
    } catch (error) {
      if (!(error instanceof UploadTooLarge)) throw error;
      renderForm(res, 413, [
        { field: 'file', message: ctx.t('housingImport:form.fileTooLarge', { size: MAX_SIZE_MB }) },
      ]);
    }
  });

  router.get('/premises/import/:id', guard, mayImport, async (req, res) => {
    const kept = await keptImport(deps, staffContext(res), idParam(req));
    if (!kept) throw new HttpError(404, 'no such import here');
    res.setHeader('Cache-Control', 'no-store');
    res.render(KEPT_VIEW, {
      title: res.locals.ctx.t(kept.imported ? 'housingImport:kept.doneTitle' : 'housingImport:kept.title'),
      kept,
    });
  });

  router.post('/premises/import/:id', guard, mayImport, async (req, res) => {
    const uploadId = idParam(req);
    const outcome = await commitImportUpload(deps, staffContext(res), uploadId);
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such import here');
    if (outcome.kind === 'problems') {
      return renderForm(res, 422, [], problemsOf(res, '', outcome.report));
    }
    res.redirect(303, res.locals.ctx.url(`/admin/premises/import/${uploadId}`));
  });

  return router;
}

type Problems = ReturnType<typeof problemsOf>;

function problemsOf(res: Response, fileName: string, report: ImportReport) {
  return { fileName, rows: report.rows, ...shownProblems(report, res.locals.ctx.t) };
}
