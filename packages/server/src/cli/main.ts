/**
 * Entry point of the `writersroom` operator command (bin/writersroom.js runs
 * its compiled copy, dist/cli.js, or this file through tsx when the build is
 * not current). All the work is in run-cli.ts; this file only binds it to
 * the process.
 */
import { runCli } from './run-cli.js';

// exitCode, not exit(): let stdout drain when it is a pipe.
process.exitCode = await runCli(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr }, process.cwd());
