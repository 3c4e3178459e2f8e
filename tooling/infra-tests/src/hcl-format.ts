// The layout rules of `terraform fmt` that hand-written HCL most often breaks, checked
// without the binary: two-space indentation, no tabs or trailing spaces, and the equals
// signs of consecutive one-line attributes at the same depth aligned one space after
// the longest name. A comment, a blank line, a block or a multi-line value ends a run of
// aligned attributes, as in terraform fmt. The deploy workflow runs the real
// `terraform fmt -check`; this catches the same slips on machines without it.

const ATTRIBUTE = /^(\s*)([A-Za-z_][\w-]*|"[^"]*")(\s*)=(?![=>])\s*(.*)$/;

/** Brackets opened minus closed on a line, ignoring those inside string literals. */
function bracketBalance(text: string): number {
  const code = text.replace(/"(?:\\.|[^"\\])*"/g, '""');
  let balance = 0;
  for (const character of code) {
    if ('{[('.includes(character)) balance += 1;
    else if ('}])'.includes(character)) balance -= 1;
  }
  return balance;
}

interface AttributeLine {
  line: number;
  indent: number;
  name: string;
  equalsColumn: number;
}

export function formatProblems(file: string, text: string): string[] {
  const problems: string[] = [];
  let run: AttributeLine[] = [];
  const closeRun = () => {
    const width = Math.max(...run.map((attribute) => attribute.name.length));
    for (const attribute of run) {
      const expected = attribute.indent + (run.length > 1 ? width : attribute.name.length) + 1;
      if (attribute.equalsColumn !== expected) {
        problems.push(`${file}:${attribute.line}: "=" after ${attribute.name} should be at column ${expected + 1} (terraform fmt alignment)`);
      }
    }
    run = [];
  };
  text.split('\n').forEach((content, index) => {
    const line = index + 1;
    if (/[ \t]+$/.test(content)) problems.push(`${file}:${line}: trailing whitespace`);
    if (content.includes('\t')) problems.push(`${file}:${line}: tab (terraform fmt indents with two spaces)`);
    const indent = /^ */.exec(content)?.[0].length ?? 0;
    if (indent % 2 !== 0) problems.push(`${file}:${line}: indentation of ${indent} spaces (terraform fmt uses steps of two)`);
    const match = content.trimStart().startsWith('#') ? null : ATTRIBUTE.exec(content);
    if (!match) {
      if (run.length > 0) closeRun();
      return;
    }
    const [, lead = '', name = '', gap = '', value = ''] = match;
    const attribute = { line, indent: lead.length, name, equalsColumn: lead.length + name.length + gap.length };
    if (run.length > 0 && run[0]?.indent !== attribute.indent) closeRun();
    if (bracketBalance(value) === 0) {
      run.push(attribute);
    } else {
      if (run.length > 0) closeRun();
      run = [attribute];
      closeRun();
    }
  });
  if (run.length > 0) closeRun();
  return problems;
}
