// Demo tenants modelled on the source documents (../shared/sources): a sports and recreation
// centre, a city transport operator, a housing cooperative, a housing community and a Czech
// city office. Names and numbers are fictional. Idempotent: running it again updates them.
import type { Knex } from 'knex';
import { withTenant } from '../src/platform/tenancy/tenant-transaction.ts';
import { replaceFrontDesks, type FrontDeskInput } from '../src/features/portal/front-desks/front-desks.repo.ts';
import { upsertTenant, type TenantInput } from '../src/platform/tenancy/tenant-admin.ts';
import { TENANT_SETTINGS } from '../src/features/index.ts';

type Hours = FrontDeskInput['hours'];
const weekdays = (opens: string, closes: string): Hours =>
  [1, 2, 3, 4, 5].map((day) => [day, opens, closes] as [number, string, string]);

interface DemoTenant {
  tenant: TenantInput;
  desks: FrontDeskInput[];
}

export const DEMO_TENANTS: DemoTenant[] = [
  {
    tenant: {
      slug: 'mosir-zielonka',
      name: 'Miejski Ośrodek Sportu i Rekreacji w Zielonce',
      kind: 'sports_centre',
      modules: ['registration', 'client_card'],
      defaultLocale: 'pl',
      timeZone: 'Europe/Warsaw',
      branding: { primaryColour: '#0b5394', accentColour: '#9c2f00', logoText: 'MOSiR' },
      contact: {
        address: { street: 'ul. Sulechowska 41', postalCode: '65-022', city: 'Zielonka' },
        phone: '+48 68 470 10 20',
        email: 'eus@mosir-zielonka.example.pl',
        website: 'https://mosir-zielonka.example.pl',
        dataProtectionOfficerEmail: 'iod@mosir-zielonka.example.pl',
      },
      settings: { passwordPolicy: 'sports_centre', nationalId: 'required', selfRegistration: true, minimumAge: 16 },
    },
    desks: [
      {
        name: 'Punkt Obsługi Klienta CRS',
        street: 'ul. Sulechowska 41',
        postalCode: '65-022',
        city: 'Zielonka',
        phone: '+48 68 470 10 21',
        email: 'pok@mosir-zielonka.example.pl',
        hours: [...weekdays('07:00', '21:00'), [6, '08:00', '20:00'], [7, '09:00', '18:00']],
      },
    ],
  },
  {
    tenant: {
      slug: 'mzk-zielonka',
      name: 'Miejski Zakład Komunikacji w Zielonce',
      kind: 'transport_operator',
      modules: ['registration', 'city_card'],
      defaultLocale: 'pl',
      timeZone: 'Europe/Warsaw',
      branding: { primaryColour: '#1d5e20', accentColour: '#a4161a', logoText: 'MZK' },
      contact: {
        address: { street: 'ul. Chemiczna 7', postalCode: '65-713', city: 'Zielonka' },
        phone: '+48 68 470 30 00',
        email: 'ekarta@mzk-zielonka.example.pl',
        dataProtectionOfficerEmail: 'iod@mzk-zielonka.example.pl',
      },
      settings: { nationalId: 'optional', selfRegistration: true, minimumAge: 13 },
    },
    desks: [
      {
        name: 'Punkt Obsługi Klienta (POK)',
        street: 'pl. Powstańców Wielkopolskich 1',
        postalCode: '65-075',
        city: 'Zielonka',
        phone: '+48 68 470 30 10',
        hours: weekdays('07:00', '18:00'),
      },
      {
        name: 'Centrum Obsługi Klienta (COK)',
        street: 'ul. Chemiczna 7',
        postalCode: '65-713',
        city: 'Zielonka',
        phone: '+48 68 470 30 20',
        hours: [...weekdays('08:00', '16:00'), [6, '09:00', '13:00']],
      },
    ],
  },
  {
    tenant: {
      slug: 'sm-sloneczna',
      name: 'Spółdzielnia Mieszkaniowa „Słoneczna” w Katowicach',
      kind: 'housing_cooperative',
      modules: ['premises', 'balance'],
      defaultLocale: 'pl',
      timeZone: 'Europe/Warsaw',
      branding: { primaryColour: '#6a1b9a', accentColour: '#8a4b00', logoText: 'SM' },
      contact: {
        address: { street: 'ul. Paderewskiego 65', postalCode: '40-282', city: 'Katowice' },
        phone: '+48 32 256 31 80',
        email: 'ebok@sm-sloneczna.example.pl',
        dataProtectionOfficerEmail: 'iod@sm-sloneczna.example.pl',
      },
      // Source 002: accounts are issued only at the office, with a start password. Its bank gives
      // each premises an account by a template (seeds/demo-housing.ts numbers the demo's by it).
      settings: {
        selfRegistration: false,
        nationalId: 'none',
        payeeNip: '6342512344',
        accountSortingCode: '10901014',
        accountPrefix: '00000712',
      },
    },
    desks: [
      {
        name: 'Biuro Obsługi Mieszkańców',
        street: 'ul. Paderewskiego 65',
        postalCode: '40-282',
        city: 'Katowice',
        phone: '+48 32 256 31 80',
        hours: [
          [1, '07:00', '17:00'],
          [2, '07:00', '15:00'],
          [3, '07:00', '15:00'],
          [4, '07:00', '15:00'],
          [5, '07:00', '13:00'],
        ],
      },
    ],
  },
  {
    tenant: {
      slug: 'wm-lipowa',
      name: 'Wspólnota Mieszkaniowa Lipowa 12',
      kind: 'housing_community',
      modules: ['premises', 'balance'],
      defaultLocale: 'pl',
      timeZone: 'Europe/Warsaw',
      branding: { primaryColour: '#00695c', accentColour: '#7b3f00', logoText: 'WM' },
      contact: {
        address: { street: 'ul. Lipowa 12', postalCode: '30-702', city: 'Kraków' },
        phone: '+48 12 421 55 10',
        email: 'zarzadca@wm-lipowa.example.pl',
        dataProtectionOfficerEmail: 'iod@wm-lipowa.example.pl',
      },
      // Source 004: the account is requested from the manager.
      settings: { selfRegistration: false, nationalId: 'none', payeeNip: '6771234561' },
    },
    desks: [
      {
        name: 'Biuro zarządcy',
        street: 'ul. Lipowa 10',
        postalCode: '30-702',
        city: 'Kraków',
        phone: '+48 12 421 55 10',
        hours: [
          [1, '10:00', '18:00'],
          [3, '08:00', '16:00'],
        ],
      },
    ],
  },
  {
    tenant: {
      slug: 'mesto-lipnik',
      name: 'Statutární město Lipník – Magistrát',
      kind: 'city_office',
      modules: ['registration', 'e_forms', 'booking'],
      defaultLocale: 'cs',
      timeZone: 'Europe/Prague',
      branding: { primaryColour: '#003f7f', accentColour: '#a5122a', logoText: 'eMIA' },
      contact: {
        address: { street: 'Prokešovo náměstí 8', postalCode: '729 30', city: 'Lipník' },
        phone: '+420 800 990 980',
        email: 'emia@mesto-lipnik.example.cz',
        dataProtectionOfficerEmail: 'poverenec@mesto-lipnik.example.cz',
      },
      // Source 003: registration asks for name, surname and e-mail only.
      settings: { nationalId: 'none', selfRegistration: true, minimumAge: 18 },
    },
    desks: [
      {
        name: 'Kontaktní centrum',
        street: 'Prokešovo náměstí 8',
        postalCode: '729 30',
        city: 'Lipník',
        phone: '+420 599 499 311',
        hours: [
          [1, '08:00', '17:00'],
          [2, '08:00', '15:00'],
          [3, '08:00', '17:00'],
          [4, '08:00', '15:00'],
          [5, '08:00', '13:00'],
        ],
      },
    ],
  },
];

export async function seedDemoTenants(owner: Knex): Promise<void> {
  for (const { tenant, desks } of DEMO_TENANTS) {
    const id = await upsertTenant(owner, tenant, TENANT_SETTINGS);
    await withTenant(owner, id, (trx) => replaceFrontDesks(trx, desks));
  }
}
