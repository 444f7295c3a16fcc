import type { SessionUser } from '../db/queries/sessions';

/** What middleware hands to handlers. `user` is set by the auth middleware on protected paths. */
export interface AppEnv {
  Variables: {
    user: SessionUser;
    /** Hash of the session token that authenticated the request (logout deletes it). */
    sessionHash: string;
  };
}
