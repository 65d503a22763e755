import type { Knex } from 'knex';
import { applyFunction, functionNames } from '../src/platform/db/functions.ts';

// The functions created by earlier migrations, from now on kept as one current file each
// (migrations/functions/, src/platform/db/functions.ts says why). Their definitions are the
// same; the files only lay the bodies out to be read.
const FUNCTIONS = [
  'enter_tenant',
  'load_live_session',
  'save_live_session',
  'save_new_session',
  'count_sign_in_attempt',
  'complete_sign_in',
  'notify_tenants_changed',
  'notify_mail_queued',
  'notify_sessions_changed',
  'notify_all_sessions_changed',
];

export async function up(knex: Knex): Promise<void> {
  // A file applies its current definition; the functions a later migration drops
  // (20261206000100) have no file any more, and their old definitions stay as they were.
  const kept = new Set(functionNames());
  for (const name of FUNCTIONS.filter((name) => kept.has(name))) await applyFunction(knex, name);
}

// The bodies before this migration differ in layout only: nothing to undo.
export async function down(): Promise<void> {}
