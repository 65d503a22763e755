// The home page says whether each front desk is open right now, on the tenant's wall clock,
// driven by the injectable clock rather than the machine's time.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { createTestApp } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, frontDeskInput } from '../support/factories.ts';

const db = useTestDatabase();

describe('open now', () => {
  it('follows the clock in the tenant time zone', async () => {
    const desk = frontDeskInput({ hours: [[1, '08:00', '16:00']] });
    const tenant = await createTenant(db.current.owner, { timeZone: 'Europe/Prague', defaultLocale: 'cs' }, [desk]);
    // Monday 23 November 2026, 07:30 UTC = 08:30 in Prague.
    const clock = controllableClock(new Date('2026-11-23T07:30:00Z'));
    const { app } = await createTestApp(db.current, { clock });

    const open = await request(app).get(`/${tenant.input.slug}/`).expect(200);
    expect(open.text).toContain('Nyní otevřeno, do 16:00');

    clock.advance(8 * 60 * 60 * 1000); // 16:30 local
    const closed = await request(app).get(`/${tenant.input.slug}/?lang=en`).expect(200);
    expect(closed.text).toContain('Closed now');
    expect(closed.text).not.toContain('Open now');
  });
});
