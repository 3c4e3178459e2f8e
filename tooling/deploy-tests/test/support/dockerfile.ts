// Reads the repository's Dockerfile into stages (FROM … AS name) with their
// instructions, enough to check what each runtime image runs and as whom.

export interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  argument: string;
}

export interface Stage {
  name: string;
  base: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const logicalLines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of logicalLines) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const argument = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(argument);
      if (!match) throw new Error(`unreadable FROM line: ${line}`);
      stages.push({ base: match[1] ?? '', name: match[2] ?? `stage-${stages.length}`, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), argument });
    }
  }
  return stages;
}

/** The last instruction of `keyword` in the stage or the stages it is built FROM. */
export function effective(stages: Stage[], name: string, keyword: string): string | undefined {
  const stage = stages.find((candidate) => candidate.name === name);
  if (!stage) return undefined;
  const own = stage.instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
  return own ? own.argument : effective(stages, stage.base, keyword);
}

/** `["node", "dist/main.js"]` → the words, or undefined for the shell form. */
export function execForm(argument: string | undefined): string[] | undefined {
  if (!argument?.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(argument);
  return Array.isArray(parsed) && parsed.every((word) => typeof word === 'string') ? parsed : undefined;
}
