/** The operations the router benchmark sends; a test validates them against the committed schemas. */

export const BENCH_BOARDS = 20;

/** Spans identity and work: organization (identity) → its boards (work) → each board's organization (identity). */
export const ROUTER_QUERY = `query Bench($id: ID!) {
  organization(id: $id) { name boards(first: ${BENCH_BOARDS}) { nodes { name organization { name } } } }
}`;

/** The work subgraph's share of the router query: the same boards, the organization by key only. */
export const DIRECT_QUERY = `query Bench {
  boards(first: ${BENCH_BOARDS}) { nodes { name organization { id } } }
}`;

/** Who the benchmark's admin is, to sign the same identity for the direct requests. */
export const VIEWER_QUERY = '{ me { id } }';
