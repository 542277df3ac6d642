import type { MatchModel } from "./match-model";
import model from "./default-model.json";

/** The model `npm run bench:identity` trained and committed (docs/identity.md): m, u, prior and thresholds. */
export const DEFAULT_MATCH_MODEL: MatchModel = model as MatchModel;
