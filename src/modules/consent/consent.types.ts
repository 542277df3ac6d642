import { Connection } from "../../shared/pagination";
import { Consent } from "./consent.entity";

export const ConsentConnection = Connection(Consent, "Consent");
export type ConsentConnection = InstanceType<typeof ConsentConnection>;
