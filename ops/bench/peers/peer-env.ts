/** What a peer gateway process of the benchmark reads from its environment. */
export function peerEnv() {
  const required = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  return {
    port: Number(required('PORT')),
    host: process.env.HOST ?? '127.0.0.1',
    supergraphPath: required('SUPERGRAPH_PATH'),
    signedIdentity: required('BENCH_SIGNED_IDENTITY'),
  };
}
