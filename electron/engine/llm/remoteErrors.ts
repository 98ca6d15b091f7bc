/**
 * Errors that come back from the model host as the classes they were there, so code above the
 * model layer (and the gateway, which reads `code`) cannot tell a hosted model from one in this
 * process: the host sends name, message, code and path; this rebuilds an instance of the named
 * class, or a plain Error carrying the same fields for a name it does not know.
 */
import { ModelChangedError } from "./ModelAllowList";
import {
  ModelDoesNotFitError,
  ModelNotAllowedError,
  ModelNotFoundError,
  ModelRoleMismatchError,
  NotAGgufFileError,
  NotALocalModelPathError,
  TruncatedModelError,
} from "./errors";
import type { RemoteError } from "./hostProtocol";

const KNOWN: Record<string, { prototype: Error }> = {
  ModelChangedError,
  ModelDoesNotFitError,
  ModelNotAllowedError,
  ModelNotFoundError,
  ModelRoleMismatchError,
  NotAGgufFileError,
  NotALocalModelPathError,
  TruncatedModelError,
};

export function remoteError(remote: RemoteError): Error {
  const known = Object.hasOwn(KNOWN, remote.name) ? KNOWN[remote.name] : undefined;
  // The class's constructor builds its message from its arguments; the message is already built.
  const error = known ? (Object.create(known.prototype) as Error) : new Error(remote.message);
  Object.assign(error, {
    name: remote.name,
    message: remote.message,
    ...(remote.code !== undefined ? { code: remote.code } : {}),
    ...(remote.path !== undefined ? { path: remote.path } : {}),
  });
  if (known) Error.captureStackTrace(error, remoteError);
  return error;
}
