/** The OpenClaw gateway simulator: for tests and the embedded demo. */
export * from './gateway-simulator.ts';
export { GatewayState, normalizeAgentId, SIMULATOR_AGENT_FILES, SimulatorError } from './state.ts';
