#!/usr/bin/env node
// The `writersroom` operator command. The server runs from its TypeScript
// sources (no build step), so this registers tsx's loader in this process and
// then runs the CLI's entry point; see src/cli/run-cli.ts for the commands.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
