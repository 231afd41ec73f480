// SQL string literal (the bench does not import loaders/ internals it does not measure).
export const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;
