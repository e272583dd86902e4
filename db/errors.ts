/**
 * The SQLSTATE and constraint of a Postgres error under whatever wraps it (drizzle wraps driver errors;
 * postgres.js names the constraint `constraint_name`, PGlite `constraint`).
 */
export function violatedConstraint(error: unknown): { code: string; constraint?: string } | null {
  for (
    let e = error as { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown } | undefined,
      depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
      const constraint = e.constraint ?? e.constraint_name;
      return { code: e.code, constraint: typeof constraint === 'string' ? constraint : undefined };
    }
  }
  return null;
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const v = violatedConstraint(error);
  return v?.code === '23505' && v.constraint === constraint;
}

export function isForeignKeyViolation(error: unknown): boolean {
  return violatedConstraint(error)?.code === '23503';
}
