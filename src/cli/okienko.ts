// npm run okienko -- <command>: the operator's commands (src/cli/commands/all-commands.ts).
// Only the process lives here; the work runs in-process in runCli(), which tests call.
import { runCliAsProcess } from './commands/process-main.ts';

await runCliAsProcess(process.argv.slice(2));
