#!/usr/bin/env -S node --import tsx
// The operator CLI: `pnpm cli <command> [--flags] [--json]`.
import { commands } from './commands/index';
import { closeContext } from './context';
import { runCli } from './run-cli';

const exitCode = await runCli(process.argv.slice(2), commands);
await closeContext();
process.exitCode = exitCode;
