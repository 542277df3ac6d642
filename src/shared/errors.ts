/** Error codes clients rely on (DESIGN §4). */
export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_USER_INPUT"
  | "CONFLICT"
  | "UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR";

/** Base of every expected failure; the formatter maps `code` to `extensions.code`. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = "Authentication required") {
    super("UNAUTHENTICATED", message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "Not allowed", details: Record<string, unknown> = {}) {
    super("FORBIDDEN", message, details);
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id: string) {
    super("NOT_FOUND", `${entity} ${id} not found`, { entity, id });
  }
}

export class BadUserInputError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("BAD_USER_INPUT", message, details);
  }
}

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** The same shape as the input validation errors: BAD_USER_INPUT with extensions.fields. */
export function invalidFields(problems: FieldProblem[]): BadUserInputError {
  return new BadUserInputError("Invalid input", { fields: problems });
}

export class ConflictError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("CONFLICT", message, details);
  }
}

/** What an UNAVAILABLE (503) answer tells the client to wait before trying again, in seconds. */
export const RETRY_AFTER_SECONDS = "2";

export class UnavailableError extends DomainError {
  constructor(message = "Service temporarily unavailable") {
    super("UNAVAILABLE", message);
  }
}
