// Turns whatever a command rejected with into the CommandError shape the backend sends.
import type { CommandError } from "../bindings/CommandError";

export class CommandFailure extends Error {
  readonly error: CommandError;
  constructor(error: CommandError) {
    super(error.message);
    this.error = error;
  }
}

function isCommandError(e: unknown): e is CommandError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

export function toCommandError(e: unknown): CommandFailure {
  if (e instanceof CommandFailure) return e;
  if (isCommandError(e)) {
    return new CommandFailure({
      code: e.code,
      message: e.message,
      field: e.field ?? null,
      fields: e.fields ?? [],
      retry_after_secs: e.retry_after_secs ?? null,
    });
  }
  return new CommandFailure({
    code: "unexpected",
    message: `Terjadi kesalahan tak terduga: ${String(e)}`,
    field: null,
    fields: [],
    retry_after_secs: null,
  });
}
