// @swarmhost/test-support: helpers the apps' tests and benches share (devDependency only).
export { freePort, freePorts } from './ports';
