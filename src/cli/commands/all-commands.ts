// Every operator command, in the order --help lists them. A new command is one file in this
// folder (see command.ts) and one line here.
import type { Command } from './command.ts';
import { citusDistribute } from './citus-distribute.ts';
import { dataKeyRotate } from './data-key-rotate.ts';
import { housingImport } from './housing-import.ts';
import { mailRetry } from './mail-retry.ts';
import { mailTest } from './mail-test.ts';
import { migrate } from './migrate.ts';
import { tenantCreate } from './tenant-create.ts';
import { tenantList } from './tenant-list.ts';
import { tenantSet } from './tenant-set.ts';
import { staffCreate } from './staff-create.ts';
import { staffDisable } from './staff-disable.ts';
import { staffList } from './staff-list.ts';
import { staffResetTotp } from './staff-reset-totp.ts';

// One command a line, so adding one is a one-line diff.
// prettier-ignore
export const ALL_COMMANDS: readonly Command[] = [
  tenantCreate,
  tenantList,
  tenantSet,
  staffCreate,
  staffList,
  staffDisable,
  staffResetTotp,
  housingImport,
  mailTest,
  mailRetry,
  dataKeyRotate,
  citusDistribute,
  migrate,
];
