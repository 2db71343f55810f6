// One colour per kind (for organisations: per sector), used by the network, the legend and the map.
export const KIND_COLORS: Record<string, string> = {
  PartyOrganization: "#d7301f", GovernmentBody: "#2b6cb0", ResidentUnit: "#2f855a", Association: "#805ad5",
  OwnersCommittee: "#dd6b20", PropertyCompany: "#b7791f", VolunteerTeam: "#d53f8c", Organization: "#718096",
  Person: "#1a365d", City: "#1a202c", District: "#2d3748", Street: "#4a5568", Community: "#718096",
  Compound: "#a0aec0", Grid: "#cbd5e0", Area: "#a0aec0", Facility: "#319795", Project: "#9f7aea", Case: "#e2b714",
};
export function kindColor(kind: string): string { return KIND_COLORS[kind] ?? "#888888"; }

export const GAP_COLORS: Record<string, string> = {
  COMPOUND_NO_PARTY_ORGANIZATION: "#d7301f", COMPOUND_NO_OWNERS_COMMITTEE: "#dd6b20",
  COMPOUND_NO_PROPERTY_MANAGEMENT: "#b7791f", COMPOUND_THREE_WITHOUT: "#7b341e", COMPOUND_NO_FACILITY: "#c53030",
  COMPOUND_PARTY_OWNERS_UNLINKED: "#805ad5",
};
