/** @necrostack/testing — helpers for testing organs: run them on events in memory, see what they did. */
export { runOrgans, type RunOrgansOptions, type OrganRun } from './run-organs';
