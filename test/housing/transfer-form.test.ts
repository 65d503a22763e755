// The transfer form of a premises (issue #21): filled in with the payee, the premises' own
// account number, the resident and the amount owed over all funds, with the banks' payment QR
// code of exactly those details (ZBP "Standard 2D", error correction L); without the payee's
// NIP there is no code; another resident's premises is a 404.
import { describe, expect, it } from 'vitest';
import { formatNrb } from '../../src/lib/nrb.ts';
import { qrCode } from '../../src/platform/crypto/qr-svg.ts';
import { paymentQrPayload } from '../../src/features/housing/transfer/payment-qr.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { useTestDatabase } from '../support/database.ts';
import { COOPERATIVE_NIP, cooperative } from './housing-support.ts';

const db = useTestDatabase();

describe('the transfer form', () => {
  it('is filled in with the amount owed over all funds, and its QR code says the same', async () => {
    const coop = await cooperative(db.current);
    const overview = await coop.annaBrowser.get(`/${coop.slug}/premises/${coop.flat.id}`).expect(200);
    const path = `/${coop.slug}/premises/${coop.flat.id}/transfer`;
    expect(overview.text).toContain(`href="${path}"`);
    const page = await coop.annaBrowser.get(path).expect(200);
    const text = visibleText(page.text);
    const { nrb, payer } = await withTenant(db.current.app, coop.tenant.id, async (trx) => {
      const premises = await trx('premises').where({ id: coop.flat.id }).first('account_number');
      const client = await trx('clients').where({ id: coop.anna.id }).first('first_name', 'last_name');
      return { nrb: premises.account_number as string, payer: `${client.first_name} ${client.last_name}` };
    });
    expect(text).toContain('Polecenie przelewu / wpłata gotówkowa');
    expect(text).toContain(`Nazwa odbiorcy ${coop.tenant.name}`);
    expect(text).toContain(`Nr rachunku odbiorcy ${formatNrb(nrb)}`);
    expect(text).toContain('Kwota 682,88 zł');
    expect(text).toContain(`Nazwa zleceniodawcy ${payer}`);
    const title = `${coop.flat.code} ul. Słoneczna 12/1`;
    expect(text).toContain(`Tytułem ${title}`);
    const { payload } = paymentQrPayload({
      nip: COOPERATIVE_NIP,
      nrb,
      amountGrosze: 68_288,
      payee: coop.tenant.name,
      title,
      reference: coop.flat.code,
    });
    expect(payload.startsWith(`${COOPERATIVE_NIP}|PL|${nrb}|068288|`)).toBe(true);
    expect(page.text).toContain(`d="${qrCode(payload, 'low').path}"`);
    expect(page.text).toContain('aria-label="Kod QR z danymi przelewu"');
    expect(text).not.toContain('Kod nie zawiera kwoty');
  });

  it('prints no code without the payee’s NIP, and is a 404 for another resident', async () => {
    const coop = await cooperative(db.current);
    await db.current.owner.raw(`UPDATE tenants SET settings = settings - 'payeeNip' WHERE id = ?`, [coop.tenant.id]);
    await coop.piotrBrowser.get(`/${coop.slug}/premises/${coop.flat.id}/transfer`).expect(404);
    const own = await coop.piotrBrowser
      .get(`/${coop.slug}/premises/${coop.piotrsFlat.id}/transfer?lang=en`)
      .expect(200);
    // Piotr owes nothing: the amount is left to him to type.
    expect(visibleText(own.text)).toContain('Amount nothing to pay: enter the amount');
  });
});
