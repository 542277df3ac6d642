import { Initial1795624294496 } from "./1795624294496-Initial";

/** Every migration, in order. Add new ones at the end; never edit one that has landed. */
export const MIGRATIONS: Function[] = [Initial1795624294496];
