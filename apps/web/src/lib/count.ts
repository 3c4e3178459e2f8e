/** "1 post", "2,345 posts": a count with its noun, singular for one. */
export function count(value: number, noun: string, plural = `${noun}s`): string {
  return `${value.toLocaleString('en')} ${value === 1 ? noun : plural}`;
}
