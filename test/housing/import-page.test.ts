// The import from the accounting system on the staff's page (issue #21), as a manager uses it:
// the CSV sent through the page's own form (multipart, the CSRF token first), checked as it
// arrives; a good file kept and reported (rows, entries to add, entries already there) with the
// button that imports it, all or nothing; the same file again adds nothing and says so. A bad
// row anywhere (line 99,999 of 100,000) is named by its line and nothing is kept or booked; a
// windows-1250 file keeps its Polish letters. Refused: too large a file (413, nothing kept), a
// post without the CSRF token, a clerk, another tenant's or another manager's file (404).
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { IMPORT_UPLOAD } from '../../src/features/housing/import/import-upload.service.ts';
import { PURGES } from '../../src/features/index.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { headingOne, visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn } from '../support/forms.ts';
import { csrfTokenIn, type Agent } from '../support/sessions.ts';
import { createActiveStaff } from '../support/staff.ts';
import { staffBrowser, staffPortal } from '../support/staff-browser.ts';
import { clock, cooperative, type Cooperative } from './housing-support.ts';

const db = useTestDatabase();

/** The tests that send 100,000 rows: seconds when idle, more on a busy machine. */
const HEAVY = { timeout: 300_000 };

const HEADER = 'id;lokal;fundusz;rodzaj;data;termin;kwota;tytuł\r\n';

async function importDesk() {
  const coop = await cooperative(db.current);
  const manager = await createActiveStaff(db.current.app, coop.tenant.id, { role: 'manager' });
  const otherManager = await createActiveStaff(db.current.app, coop.tenant.id, { role: 'manager' });
  const clerk = await createActiveStaff(db.current.app, coop.tenant.id, { role: 'clerk' });
  const browser = (member: { id: string; name: string }) =>
    staffBrowser(db.current.app, coop.app, coop.tenant, member, clock);
  return {
    ...coop,
    manager: await browser(manager),
    otherManager: await browser(otherManager),
    clerk: await browser(clerk),
    importPath: `/${coop.slug}/admin/premises/import`,
  };
}
type Desk = Awaited<ReturnType<typeof importDesk>>;

const goodFile = (coop: Cooperative) =>
  HEADER +
  `FK/1;${coop.piotrsFlat.code};eksploatacja;naliczenie;2026-11-01;10.11.2026;"1 234,56";Opłaty 11/2026\r\n` +
  `FK/2;${coop.piotrsFlat.code};eksploatacja;wpłata;05.11.2026;;1000,00;Wpłata\r\n` +
  `FK/3;${coop.piotrsFlat.code};fundusz_remontowy;naliczenie;2026-11-01;2026-11-10;100.00;Fundusz remontowy\r\n`;

/** Sends the file with the import page's own form: its fields as the page has them, then the file. */
async function sendFile(agent: Agent, desk: Desk, content: string | Buffer, fileName = 'zapisy.csv') {
  const page = await agent.get(desk.importPath).expect(200);
  expect(page.text).toMatch(/<form method="post" action="[^"]+" enctype="multipart\/form-data"/);
  expect(page.text).toContain('<input id="file" name="file" type="file"');
  const form = formIn(page.text, desk.importPath);
  let post = agent.post(form.action);
  for (const field of form.fields) post = post.field(field.name, field.value);
  return post.attach('file', Buffer.from(content), { filename: fileName, contentType: 'text/csv' });
}

/** Sends the file and follows the redirect to the kept file's report: its path and text. */
async function keptReport(agent: Agent, desk: Desk, content: string | Buffer) {
  const sent = await sendFile(agent, desk, content);
  expect(sent.status).toBe(303);
  const path = sent.headers.location!;
  expect(path).toMatch(new RegExp(`^${desk.importPath}/[0-9a-f-]{36}$`));
  const report = await agent.get(path).expect(200);
  return { path, html: report.text, text: visibleText(report.text) };
}

/** Presses the report's import button. */
async function importKept(agent: Agent, path: string) {
  const report = await agent.get(path).expect(200);
  const form = formIn(report.text, path);
  return agent
    .post(form.action)
    .type('form')
    .send(Object.fromEntries(form.fields.map((f) => [f.name, f.value])));
}

const entriesOf = (desk: Desk) =>
  withTenant(db.current.app, desk.tenant.id, (trx) =>
    tenantRows(trx, 'ledger_entries')
      .whereNotNull('external_id')
      .orderBy('external_id')
      .select('external_id', 'amount', 'title'),
  );

const uploadsOf = (desk: Desk) =>
  withTenant(db.current.app, desk.tenant.id, (trx) => tenantRows(trx, 'uploads').select('id', 'used_at'));

describe('the import page', () => {
  it('checks a good file, imports it on the button, and adds nothing the second time', async () => {
    const desk = await importDesk();
    const dashboard = await desk.manager.get(`/${desk.slug}/admin/`).expect(200);
    expect(dashboard.text).toContain(`href="${desk.importPath}"`);

    const first = await keptReport(desk.manager, desk, goodFile(desk));
    expect(headingOne(first.html)).toBe('Plik jest poprawny');
    expect(first.text).toContain('Plik zapisy.csv');
    expect(first.text).toContain('Odczytane wiersze 3');
    expect(first.text).toContain('Zapisy do dodania 3');
    expect(first.text).toContain('Zapisy, które już są w księdze (pominięte) 0');
    expect(first.html).toContain('Zaimportuj 3 zapisy</button>');
    expect(await entriesOf(desk)).toEqual([]);

    const imported = await importKept(desk.manager, first.path);
    expect(imported.status).toBe(303);
    expect(imported.headers.location).toBe(first.path);
    const done = await desk.manager.get(first.path).expect(200);
    expect(headingOne(done.text)).toBe('Import zakończony');
    expect(visibleText(done.text)).toContain('Zapisy zostały dodane do księgi.');
    expect(visibleText(done.text)).toContain('Dodane zapisy 3');
    expect(done.text).not.toContain('</button>\n  </form>\n  <p><a');
    expect(await entriesOf(desk)).toEqual([
      { external_id: 'FK/1', amount: '123456', title: 'Opłaty 11/2026' },
      { external_id: 'FK/2', amount: '-100000', title: 'Wpłata' },
      { external_id: 'FK/3', amount: '10000', title: 'Fundusz remontowy' },
    ]);
    // A second press of the same button (another tab) books nothing more.
    const again = await desk.manager
      .post(first.path)
      .type('form')
      .send({ _csrf: csrfTokenIn(done.text) });
    expect(again.status).toBe(303);
    expect(await entriesOf(desk)).toHaveLength(3);

    const second = await keptReport(desk.manager, desk, goodFile(desk));
    expect(second.text).toContain('Zapisy do dodania 0');
    expect(second.text).toContain('Zapisy, które już są w księdze (pominięte) 3');
    expect(second.text).toContain('import niczego nie doda');
    expect((await importKept(desk.manager, second.path)).status).toBe(303);
    const secondDone = visibleText((await desk.manager.get(second.path).expect(200)).text);
    expect(secondDone).toContain('Nic nie zostało dodane: wszystkie zapisy z pliku już były w księdze.');
    expect(secondDone).toContain('Dodane zapisy 0');
    expect(await entriesOf(desk)).toHaveLength(3);
    const audited = await withTenant(db.current.app, desk.tenant.id, (trx) =>
      tenantRows(trx, 'audit_log').where({ action: 'housing.entries_imported' }).pluck('actor_kind'),
    );
    expect(audited).toEqual(['staff', 'staff']);
  });

  it('names a bad row at line 99,999 of 100,000, and keeps and books nothing', HEAVY, async () => {
    const desk = await importDesk();
    const lines = [HEADER];
    for (let line = 2; line <= 100_001; line += 1) {
      const amount = line === 99_999 ? '12,345' : '10,00';
      lines.push(`R${line};${desk.piotrsFlat.code};eksploatacja;naliczenie;2026-11-01;2026-11-10;${amount};Opłata\r\n`);
    }
    const refused = await sendFile(desk.manager, desk, lines.join(''));
    expect(refused.status).toBe(422);
    const text = visibleText(refused.text);
    expect(text).toContain('Błędy w pliku: 1');
    expect(text).toContain('Wiersz 99999: w kolumnie „kwota” nie ma kwoty (na przykład 1234,56 lub 1234.56)');
    expect(text).toContain('Poprawne wiersze 99 999');
    expect(text).toContain('nic nie zostało zaksięgowane');
    // The form is there again, for the corrected file.
    expect(refused.text).toContain('<input id="file" name="file" type="file"');
    expect(await uploadsOf(desk)).toEqual([]);
    expect(await entriesOf(desk)).toEqual([]);
  });

  it('lists the first 100 problems of many, with how many there are', async () => {
    const desk = await importDesk();
    const rows = Array.from(
      { length: 150 },
      (_, index) => `B/${index};NO-SUCH;eksploatacja;naliczenie;2026-11-01;2026-11-10;10,00;X\r\n`,
    );
    const refused = await sendFile(desk.manager, desk, HEADER + rows.join(''));
    expect(refused.status).toBe(422);
    const text = visibleText(refused.text);
    expect(text).toContain('Błędy w pliku: 150');
    expect(text).toContain('Poniżej pierwsze 100 z 150 błędów.');
    expect(text).toContain('Wiersz 2: żaden lokal nie ma takiego numeru');
    expect(text).toContain('Wiersz 101: ');
    expect(text).not.toContain('Wiersz 102: ');
  });

  it('reads a windows-1250 file with its Polish letters', async () => {
    const desk = await importDesk();
    const title = 'Zaliczka c.o. - źródło ciepła, łączność, ŻÓŁW';
    const file = iconv.encode(
      `${HEADER}W/1;${desk.piotrsFlat.code};eksploatacja;naliczenie;2026-11-01;2026-11-10;10,00;${title}\r\n`,
      'windows-1250',
    );
    const kept = await keptReport(desk.manager, desk, file);
    expect(kept.text).toContain('Zapisy do dodania 1');
    expect(kept.html).toContain('Zaimportuj 1 zapis</button>');
    await importKept(desk.manager, kept.path);
    expect(await entriesOf(desk)).toEqual([{ external_id: 'W/1', amount: '1000', title }]);
  });

  it('says on the form that no file was chosen', async () => {
    const desk = await importDesk();
    const page = await desk.manager.get(desk.importPath).expect(200);
    // As a browser sends a file input left empty: a part with an empty file name and no content.
    const boundary = 'empty-input-boundary';
    const refused = await desk.manager
      .post(desk.importPath)
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(
        `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrfTokenIn(page.text)}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename=""\r\n` +
          `Content-Type: application/octet-stream\r\n\r\n\r\n--${boundary}--\r\n`,
      );
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('<li><a href="#file">Wybierz plik CSV do zaimportowania.</a></li>');
    expect(refused.text).toContain('aria-invalid="true"');
  });

  it('refuses a file its length shows too large with a 413 on the form, before reading it', async () => {
    const desk = await importDesk();
    const tooLarge = Buffer.alloc(IMPORT_UPLOAD.maxBytes + 1024 * 1024, 'a');
    const refused = await sendFile(desk.manager, desk, tooLarge);
    expect(refused.status).toBe(413);
    expect(visibleText(refused.text)).toContain(
      'Plik jest większy niż 25 MB i nie został zapisany. Podziel go na mniejsze pliki i zaimportuj je po kolei.',
    );
    expect(refused.text).toContain('<li><a href="#file">');
    expect(await uploadsOf(desk)).toEqual([]);
    // The same browser goes on working.
    await desk.manager.get(desk.importPath).expect(200);
  });

  it('measures a file sent without a length (chunked) as it comes: one byte over the limit is a 413', async () => {
    const desk = await importDesk();
    const page = await desk.manager.get(desk.importPath).expect(200);
    const boundary = 'chunked-boundary-7f3a';
    const post = desk.manager
      .post(desk.importPath)
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .set('Transfer-Encoding', 'chunked');
    post.write(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrfTokenIn(page.text)}\r\n`);
    post.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="arkusz.xlsx"\r\n\r\n`);
    // Not text (the reader stops at its first line), and one byte more than the limit.
    const chunk = Buffer.alloc(1024 * 1024, '\u0000\u0001\n');
    for (let sent = 0; sent <= IMPORT_UPLOAD.maxBytes; sent += chunk.length) {
      post.write(
        sent + chunk.length > IMPORT_UPLOAD.maxBytes ? chunk.subarray(0, IMPORT_UPLOAD.maxBytes - sent + 1) : chunk,
      );
    }
    post.write(`\r\n--${boundary}--\r\n`);
    const refused = await post;
    expect(refused.status).toBe(413);
    expect(visibleText(refused.text)).toContain('Plik jest większy niż 25 MB i nie został zapisany.');
    expect(await uploadsOf(desk)).toEqual([]);
  });

  it('refuses a file posted without the CSRF token, or with it after the file', async () => {
    const desk = await importDesk();
    await desk.manager.get(desk.importPath).expect(200);
    await desk.manager
      .post(desk.importPath)
      .attach('file', Buffer.from(goodFile(desk)), { filename: 'a.csv', contentType: 'text/csv' })
      .expect(403);
    const page = await desk.manager.get(desk.importPath).expect(200);
    await desk.manager
      .post(desk.importPath)
      .attach('file', Buffer.from(goodFile(desk)), { filename: 'a.csv', contentType: 'text/csv' })
      .field('_csrf', csrfTokenIn(page.text))
      .expect(403);
    expect(await uploadsOf(desk)).toEqual([]);
  });

  it('is not a clerk’s: the page, a file sent and the import are refused', async () => {
    const desk = await importDesk();
    const kept = await keptReport(desk.manager, desk, goodFile(desk));
    await desk.clerk.get(desk.importPath).expect(403);
    const dashboard = await desk.clerk.get(`/${desk.slug}/admin/`).expect(200);
    expect(dashboard.text).not.toContain(`href="${desk.importPath}"`);
    const token = csrfTokenIn(dashboard.text);
    await desk.clerk
      .post(desk.importPath)
      .field('_csrf', token)
      .attach('file', Buffer.from(goodFile(desk)), { filename: 'a.csv', contentType: 'text/csv' })
      .expect(403);
    await desk.clerk.get(kept.path).expect(403);
    await desk.clerk.post(kept.path).type('form').send({ _csrf: token }).expect(403);
    expect(await entriesOf(desk)).toEqual([]);
  });

  it('is a 404 for another manager’s file, and for another tenant’s', async () => {
    const desk = await importDesk();
    const kept = await keptReport(desk.manager, desk, goodFile(desk));
    const otherPage = await desk.otherManager.get(desk.importPath).expect(200);
    await desk.otherManager.get(kept.path).expect(404);
    await desk.otherManager
      .post(kept.path)
      .type('form')
      .send({ _csrf: csrfTokenIn(otherPage.text) })
      .expect(404);

    const elsewhere = await staffPortal(db.current, clock);
    const stranger = await elsewhere.as(elsewhere.manager);
    const uploadId = kept.path.split('/').pop()!;
    const theirPath = `/${elsewhere.slug}/admin/premises/import/${uploadId}`;
    const theirs = await stranger.get(`/${elsewhere.slug}/admin/`).expect(200);
    await stranger.get(theirPath).expect(404);
    await stranger
      .post(theirPath)
      .type('form')
      .send({ _csrf: csrfTokenIn(theirs.text) })
      .expect(404);

    expect(await entriesOf(desk)).toEqual([]);
    expect(await uploadsOf(desk)).toEqual([{ id: uploadId, used_at: null }]);
    // Its owner still can.
    expect((await importKept(desk.manager, kept.path)).status).toBe(303);
    expect(await entriesOf(desk)).toHaveLength(3);
  });

  it('keeps a file a day: the worker’s purge removes older ones', async () => {
    const desk = await importDesk();
    const old = await keptReport(desk.manager, desk, goodFile(desk));
    const fresh = await keptReport(desk.manager, desk, goodFile(desk));
    const [oldId, freshId] = [old.path, fresh.path].map((path) => path.split('/').pop()!);
    const now = clock.now();
    // The old one was sent a day and a minute ago (the owner's role may rewrite history).
    await withTenant(db.current.owner, desk.tenant.id, (trx) =>
      tenantRows(trx, 'uploads')
        .where({ id: oldId })
        .update({ created_at: new Date(now.getTime() - 24 * 3_600_000 - 60_000) }),
    );
    const purge = PURGES.housingImportUploads!;
    expect(await purge(db.current.worker, now)).toBe(1);
    expect((await uploadsOf(desk)).map((upload) => upload.id)).toEqual([freshId]);
    await desk.manager.get(old.path).expect(404);
    // A day after it was sent, the fresh one goes too (with the other tests' files).
    expect(await purge(db.current.worker, new Date(now.getTime() + 24 * 3_600_000 + 1))).toBeGreaterThanOrEqual(1);
    expect(await uploadsOf(desk)).toEqual([]);
  });
});
