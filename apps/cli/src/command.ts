// What every CLI command declares: its flags as a zod object (so a bad flag gets a
// message naming it), and a run function that returns data for --json and a
// human-readable rendering.
import type { z } from 'zod';

export interface CommandResult {
  /** Printed as JSON with --json. */
  data: Record<string, unknown>;
  /** Printed otherwise. */
  text: string;
}

export interface Command<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  summary: string;
  /** e.g. `--slug S --name N` */
  usage: string;
  options: z.ZodObject<Shape>;
  run(options: z.infer<z.ZodObject<Shape>>): Promise<CommandResult>;
}

export function defineCommand<Shape extends z.ZodRawShape>(command: Command<Shape>): Command<Shape> {
  return command;
}
