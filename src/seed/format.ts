/** "1 policy", "2 policies". */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** "CNY 12,345.60" from an amount in fen (Intl formatting is too slow for a million notes). */
export function formatCny(fen: number): string {
  const [whole, cents] = (Math.round(fen) / 100).toFixed(2).split(".");
  return `CNY ${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${cents}`;
}
