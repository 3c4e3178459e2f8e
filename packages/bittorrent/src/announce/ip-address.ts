// Textual IPv4/IPv6 addresses to and from the raw bytes that compact peer lists
// (BEP 23, BEP 7) carry; IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is treated as IPv4.

/** Writes a dotted-quad IPv4 address into `target` at `offset`; false if `text` is not one. */
export function writeIPv4(text: string, target: Uint8Array, offset: number): boolean {
  let octetIndex = 0;
  let value = 0;
  let digits = 0;
  for (let index = 0; index <= text.length; index += 1) {
    const code = index < text.length ? text.charCodeAt(index) : 0x2e; /* a final '.' */
    if (code === 0x2e) {
      if (digits === 0 || octetIndex > 3) return false;
      target[offset + octetIndex] = value;
      octetIndex += 1;
      value = 0;
      digits = 0;
    } else {
      const digit = code - 0x30;
      if (digit < 0 || digit > 9) return false;
      if (digits > 0 && value === 0) return false; // leading zero: ambiguous (octal in some parsers)
      value = value * 10 + digit;
      digits += 1;
      if (value > 255) return false;
    }
  }
  return octetIndex === 4;
}

/** Writes an IPv6 address (with optional `::` and dotted IPv4 tail) as 16 bytes; false if invalid. */
export function writeIPv6(text: string, target: Uint8Array, offset: number): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const head = halves[0] === '' ? [] : (halves[0] ?? '').split(':');
  const tail = halves.length === 2 ? (halves[1] === '' ? [] : (halves[1] ?? '').split(':')) : [];
  const groups: number[] = [];
  const parts = halves.length === 2 ? [...head, '::', ...tail] : head;
  for (let partIndex = 0; partIndex < parts.length; partIndex += 1) {
    const part = parts[partIndex] ?? '';
    if (part === '::') {
      groups.push(-1);
    } else if (partIndex === parts.length - 1 && part.includes('.')) {
      const quad = new Uint8Array(4);
      if (!writeIPv4(part, quad, 0)) return false;
      groups.push(((quad[0] ?? 0) << 8) | (quad[1] ?? 0), ((quad[2] ?? 0) << 8) | (quad[3] ?? 0));
    } else {
      if (part.length === 0 || part.length > 4 || !/^[0-9a-fA-F]+$/.test(part)) return false;
      groups.push(Number.parseInt(part, 16));
    }
  }
  const gapAt = groups.indexOf(-1);
  const explicitGroups = gapAt === -1 ? groups.length : groups.length - 1;
  if (gapAt === -1 ? explicitGroups !== 8 : explicitGroups > 7) return false;
  const expanded =
    gapAt === -1
      ? groups
      : [
          ...groups.slice(0, gapAt),
          ...new Array<number>(8 - explicitGroups).fill(0),
          ...groups.slice(gapAt + 1),
        ];
  expanded.forEach((group, index) => {
    target[offset + index * 2] = group >> 8;
    target[offset + index * 2 + 1] = group & 0xff;
  });
  return true;
}

/** True for ::ffff:0:0/96, the IPv4-mapped range. */
export function isIPv4Mapped(bytes: Uint8Array, offset: number): boolean {
  for (let index = 0; index < 10; index += 1) if (bytes[offset + index] !== 0) return false;
  return bytes[offset + 10] === 0xff && bytes[offset + 11] === 0xff;
}

export function formatIPv4(bytes: Uint8Array, offset: number): string {
  return `${bytes[offset] ?? 0}.${bytes[offset + 1] ?? 0}.${bytes[offset + 2] ?? 0}.${bytes[offset + 3] ?? 0}`;
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run of 2+ zero groups as `::`. */
export function formatIPv6(bytes: Uint8Array, offset: number): string {
  if (isIPv4Mapped(bytes, offset)) return `::ffff:${formatIPv4(bytes, offset + 12)}`;
  const groups: number[] = [];
  for (let index = 0; index < 8; index += 1) {
    groups.push(((bytes[offset + index * 2] ?? 0) << 8) | (bytes[offset + index * 2 + 1] ?? 0));
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start += 1) {
    let runLength = 0;
    while (start + runLength < 8 && groups[start + runLength] === 0) runLength += 1;
    if (runLength > bestLength) {
      bestStart = start;
      bestLength = runLength;
    }
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/**
 * The address family and canonical text of a socket address; dual-stack sockets
 * report IPv4 clients as `::ffff:a.b.c.d`, which is IPv4 for BEP 7 purposes.
 * Returns undefined for text that is not an IP address.
 */
export function normalisePeerAddress(ip: string): { ip: string; family: 4 | 6 } | undefined {
  const bytes = new Uint8Array(16);
  if (!ip.includes(':'))
    return writeIPv4(ip, bytes, 0) ? { ip: formatIPv4(bytes, 0), family: 4 } : undefined;
  if (!writeIPv6(ip, bytes, 0)) return undefined;
  if (isIPv4Mapped(bytes, 0)) return { ip: formatIPv4(bytes, 12), family: 4 };
  return { ip: formatIPv6(bytes, 0), family: 6 };
}
