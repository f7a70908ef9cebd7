/** The operations the peer benchmark sends to every gateway and to the work subgraph directly. */

export const PEER_BOARDS = 20;

/**
 * Three levels across two subgraphs: organization (identity) → its boards (work) → each board's
 * organization (identity, an entity fetch). `$first` only sizes the page: every value from 20 up
 * returns the same 20 boards, so the distinct-variables workload has one verifiable answer.
 */
export const PEER_QUERY = `query PeerBench($id: ID!, $first: Int!) {
  organization(id: $id) { name boards(first: $first) { nodes { name organization { name } } } }
}`;

/** The work subgraph's share of the plan, sent straight to it with a signed identity. */
export const PEER_DIRECT_QUERY = `query PeerBench($first: Int!) {
  boards(first: $first) { nodes { name organization { id } } }
}`;

/** `first` values of the distinct-variables workload (all return the same 20 boards). */
export const DISTINCT_FIRST_VALUES = Array.from({ length: 81 }, (_, index) => PEER_BOARDS + index);
