// npm run migrate: applies pending migrations as the owner role. Kept for deployments that
// already call it; it is the operator CLI's migrate command (so --status works here too).
import { runCliAsProcess } from './commands/process-main.ts';

await runCliAsProcess(['migrate', ...process.argv.slice(2)]);
