import { signedInAs } from "../../auth/role-rules";
import { Role } from "../../auth/role";

const STAFF = Object.values(Role).filter((role) => role !== Role.CUSTOMER);
const segmentReader = signedInAs(...STAFF);
const segmentWriter = signedInAs(Role.MARKETING, Role.ADMIN);

/** Staff read segments (members still follow each viewer's row scope); marketing and admins define them. */
export const segmentPermissions = {
  Query: {
    segments: segmentReader,
    segment: segmentReader,
    previewSegment: segmentReader,
    explainSegment: segmentReader,
  },
  Mutation: {
    createSegment: segmentWriter,
    updateSegment: segmentWriter,
    deleteSegment: segmentWriter,
  },
};
