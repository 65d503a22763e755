// The housing e-BOK at ten million entries (issue #21; with the ledger part: BENCH_ONLY=ledger,
// or BENCH_LARGE=1 in a full run), on the ledger part's dataset (ledger-dataset.ts). Residents
// of the tenant with ten years of entries, each holding a right to a premises of their own and
// signed in (minted sessions), open their premises' overview through a portal started as
// production runs it:
//  1. at full load beside the Fortunes baseline, interleaved rounds: the page's requests/s
//     against Fortunes'; beside it the same residents' account page, and the overview from a
//     portal that keeps no tenant data in memory (TENANT_DATA_CACHE=false), where every view
//     reads and renders, as the first view after a change to the tenant's data does;
//  2. at a fixed 100 requests/s (an open loop, paced.ts): the p99 a resident waits;
//  3. one resident downloads the turnover of a premises with EXPORT_ENTRIES entries as CSV,
//     reading it slower than the portal writes it, while the portal's resident memory is sampled:
//     the export streams if memory grows by a page of entries, not by the file.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { BenchOptions } from './options.ts';
import { EXPORT_ENTRIES, type LedgerDataset } from './ledger-dataset.ts';
import { interleave, load, summarise, type Summary, type Target } from './load.ts';
import { profilePortal } from './profiling.ts';
import { pacedLoad, percentile, type PacedRun } from './paced.ts';
import type { Server } from './processes.ts';
import { formatInt, throughputTable } from './report.ts';
import { mintSessions } from './sessions.ts';
import { expectPage, target } from './targets.ts';

/** The overview's fixed rate in the latency runs, as the issue sets it. */
export const OVERVIEW_PACED_RATE = 100;
/** How fast the export's reader takes the file: slower than the portal writes it. */
const EXPORT_READ_BYTES_PER_S = 4 * 1024 * 1024;
const OVERVIEW = 'premises overview';
const FORTUNES = 'Fortunes';
/** The same residents' account page: any signed-in page's floor, for the overview's cost above it. */
const ACCOUNT_PAGE = 'their account page';
/** The overview from a portal that keeps nothing in memory (TENANT_DATA_CACHE=false): a view after a change. */
const OVERVIEW_READ = 'overview, read every view';

export interface ExportFigures {
  /** Entry lines in the file (those that name an entry's title). */
  entries: number;
  bytes: number;
  seconds: number;
  /** The portal's resident set size just before the download, and its highest during it, in MB. */
  rssBeforeMb: number;
  rssPeakMb: number;
}

export interface HousingFigures {
  residents: number;
  overview: Summary;
  fortunes: Summary;
  accountPage: Summary;
  /** The overview where every view reads the database and renders (no tenant data cache). */
  overviewRead: Summary;
  paced: PacedRun[];
  /** Every paced run's latencies together, sorted. */
  pacedLatencies: number[];
  export: ExportFigures;
}

export interface HousingPhase {
  options: BenchOptions;
  dataset: LedgerDataset;
  adminUrl: string;
  appUrl: string;
  sessionSecret: string;
  startPortal: (nodeArgs?: string[], env?: Record<string, string>) => Promise<Server>;
  startFortunes: () => Promise<Server>;
  say: (line: string) => void;
}

interface Resident {
  id: string;
  name: string;
  premisesId: string;
  code: string;
}

/**
 * A client for each of the first `count` premises of the full-history tenant, with a cooperative
 * right to it since the tenant's start; the first also holds the export's premises.
 */
async function seatResidents(adminUrl: string, dataset: LedgerDataset, count: number): Promise<Resident[]> {
  const { tenantId, since, accounts } = dataset.fullHistory;
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'okienko bench residents' });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; n: number }>(
      `INSERT INTO clients (tenant_id, first_name, last_name, email, preferred_locale, status, password_hash,
                            created_at, activated_at)
       SELECT $1, 'Bench', 'Resident ' || n, 'bench.resident.' || n || '@example.test', 'pl', 'active',
              '$argon2id$bench-resident', now(), now()
         FROM generate_series(1, $2::int) AS n
       RETURNING id, substr(last_name, 10)::int AS n`,
      [tenantId, count],
    );
    const residents = rows
      .sort((a, b) => a.n - b.n)
      .map((row, index) => ({
        id: row.id,
        name: `Bench Resident ${row.n}`,
        premisesId: accounts[index]!.premisesId,
        code: `B-${index + 1}`,
      }));
    const rights = [
      ...residents.map((resident) => [resident.premisesId, resident.id]),
      [dataset.exportAccount.premisesId, residents[0]!.id],
    ];
    await client.query(
      `INSERT INTO premises_rights (tenant_id, premises_id, client_id, kind, valid_from)
       SELECT $1, premises_id, client_id, 'cooperative', $2
         FROM unnest($3::uuid[], $4::uuid[]) AS r (premises_id, client_id)`,
      [tenantId, since, rights.map(([premises]) => premises), rights.map(([, clientId]) => clientId)],
    );
    await client.query('ANALYZE clients, premises_rights');
    return residents;
  } finally {
    await client.end();
  }
}

/** The portal's resident set size in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

/** The export downloaded at EXPORT_READ_BYTES_PER_S, the portal's memory sampled meanwhile. */
function downloadExport(portal: Server, path: string, cookie: string): Promise<ExportFigures> {
  const rssBeforeMb = rssMb(portal.pid);
  let rssPeakMb = rssBeforeMb;
  const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, rssMb(portal.pid))), 20);
  const began = performance.now();
  return new Promise<ExportFigures>((resolve, reject) => {
    const req = http.get(`${portal.origin}${path}`, { headers: { cookie } }, (res) => {
      if (res.statusCode !== 200 || !/text\/csv/.test(res.headers['content-type'] ?? '')) {
        reject(new Error(`GET ${path}: ${res.statusCode} ${res.headers['content-type']}`));
        res.resume();
        return;
      }
      let bytes = 0;
      let entries = 0;
      let partial = '';
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        bytes += Buffer.byteLength(text);
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        entries += lines.filter((line) => /Dostawa|Wpłata/.test(line)).length;
        // Read no faster than the reader's rate: the portal must wait for it, not buffer.
        const due = began + (bytes / EXPORT_READ_BYTES_PER_S) * 1000;
        const wait = due - performance.now();
        if (wait > 0) {
          res.pause();
          setTimeout(() => res.resume(), wait);
        }
      });
      res.on('end', () =>
        resolve({ entries, bytes, seconds: (performance.now() - began) / 1000, rssBeforeMb, rssPeakMb }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  }).finally(() => clearInterval(sampler));
}

export async function housingPhase(phase: HousingPhase): Promise<HousingFigures> {
  const { options, dataset, say } = phase;
  const { slug } = dataset.fullHistory;
  const count = Math.min(options.sessions, dataset.fullHistory.accounts.length);
  const residents = await seatResidents(phase.adminUrl, dataset, count);
  const cookies = await mintSessions({
    appUrl: phase.appUrl,
    slug,
    count,
    sessionSecret: phase.sessionSecret,
    secure: true,
    users: residents,
  });
  const paths = residents.map((resident) => `/${slug}/premises/${resident.premisesId}`);
  say(
    `\nHousing: ${formatInt(count)} residents of ${slug} (entries since ${dataset.fullHistory.since}), ` +
      `each signed in and opening their own premises' overview`,
  );
  const [portal, readingPortal, fortunesServer] = await Promise.all([
    phase.startPortal(),
    phase.startPortal([], { TENANT_DATA_CACHE: 'false' }),
    phase.startFortunes(),
  ]);
  try {
    // Each page is checked once before any timing: its resident's premises, its balance.
    for (const index of [0, count - 1]) {
      await expectPage(portal.origin, paths[index]!, {
        status: 200,
        headers: { cookie: cookies[index]! },
        contains: [residents[index]!.code, 'Saldo'],
      });
    }
    // …and without a session it is not shown: the visitor is sent to sign in.
    const signIn = `/${slug}/sign-in?next=${encodeURIComponent(paths[0]!.slice(slug.length + 1))}`;
    await expectPage(portal.origin, paths[0]!, { status: 303, location: signIn });
    let turn = 0;
    const overview: Target = {
      ...target(OVERVIEW, portal.origin, [paths[0]!]),
      next: () => {
        const index = turn++ % count;
        return { path: paths[index]!, headers: { cookie: cookies[index]! } };
      },
    };
    const account: Target = {
      ...target(ACCOUNT_PAGE, portal.origin, [`/${slug}/account`]),
      next: () => ({ path: `/${slug}/account`, headers: { cookie: cookies[turn++ % count]! } }),
    };
    const overviewRead: Target = { ...overview, name: OVERVIEW_READ, origin: readingPortal.origin };
    const fortunes = target(FORTUNES, fortunesServer.origin, ['/fortunes']);
    const targets = [overview, account, overviewRead, fortunes];
    for (const each of targets) await load(each, options.warmup, options.connections);
    const runs = await interleave(targets, options.rounds, options.duration, options.connections, () => {});
    const summaries = [
      summarise(FORTUNES, runs),
      summarise(OVERVIEW, runs),
      summarise(ACCOUNT_PAGE, runs),
      summarise(OVERVIEW_READ, runs),
    ];
    say(throughputTable(summaries, summaries[0]));
    // A missed rate says where the portal's time goes (the target's number is in verdicts.ts).
    if (summaries[1]!.rps < 0.5 * summaries[0]!.rps || options.alwaysProfile) {
      const profiled = (server: Server): Target[] => [{ ...overview, origin: server.origin }];
      say(await profilePortal((nodeArgs) => phase.startPortal(nodeArgs), profiled, options));
    }

    const seconds = Math.max(5, options.duration * 2);
    const paced: PacedRun[] = [];
    for (let round = 0; round < 3; round++) {
      const spec = { name: OVERVIEW, origin: portal.origin, path: paths[0]!, cookies, paths };
      paced.push(await pacedLoad({ ...spec, rate: OVERVIEW_PACED_RATE, seconds }));
    }
    const pacedLatencies = paced.flatMap((run) => run.latencies).sort((a, b) => a - b);
    say(
      `  overview at a fixed ${OVERVIEW_PACED_RATE} req/s, 3 runs of ${seconds} s: ` +
        paced.map((run) => `p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms`).join('; ') +
        `; all together p99 ${percentile(pacedLatencies, 99).toFixed(1)} ms`,
    );

    const exportPath = `/${slug}/premises/${dataset.exportAccount.premisesId}/turnover.csv?from=2016-01-01&to=2025-12-31`;
    const exported = await downloadExport(portal, exportPath, cookies[0]!);
    say(
      `  turnover CSV of ${formatInt(exported.entries)} entries (${(exported.bytes / 1e6).toFixed(1)} MB, ` +
        `read at ${EXPORT_READ_BYTES_PER_S / 1024 / 1024} MB/s, ${exported.seconds.toFixed(1)} s): the portal's memory ` +
        `${exported.rssBeforeMb.toFixed(0)} MB before, at most ${exported.rssPeakMb.toFixed(0)} MB during`,
    );
    if (exported.entries < EXPORT_ENTRIES) {
      throw new Error(`the export held ${exported.entries} entries, the premises ${EXPORT_ENTRIES}`);
    }
    return {
      residents: count,
      overview: summaries[1]!,
      fortunes: summaries[0]!,
      accountPage: summaries[2]!,
      overviewRead: summaries[3]!,
      paced,
      pacedLatencies,
      export: exported,
    };
  } finally {
    await Promise.all([portal.stop(), readingPortal.stop(), fortunesServer.stop()]);
  }
}
