'use strict';
// The dependency sets the matrix installs next to the packed packages: the newest and the oldest
// version of every peer dependency range the packages declare (tsyringe, class-validator, …).
const { minVersion } = require('semver');

/**
 * Every peer dependency of the packages, with its range (one range per name, or an error).
 * @param {{ name: string, manifest: Record<string, any> }[]} packages
 * @returns {Record<string, string>}
 */
function peerRanges(packages) {
  /** @type {Record<string, string>} */
  const ranges = {};
  for (const { name, manifest } of packages) {
    for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {})) {
      if (packages.some((p) => p.name === peer)) continue; // one of ours: installed from its tarball
      if (ranges[peer] !== undefined && ranges[peer] !== range) throw new Error(`${name} asks ${peer}@${range}, another package ${ranges[peer]}`);
      ranges[peer] = range;
    }
  }
  return ranges;
}

/**
 * The two profiles: `newest` lets npm pick the highest version of each range, `oldest` pins its
 * lowest (`semver.minVersion`).
 * @param {Record<string, string>} ranges
 * @returns {{ name: string, dependencies: Record<string, string> }[]}
 */
function profiles(ranges) {
  const oldest = Object.fromEntries(Object.entries(ranges).map(([name, range]) => [name, minVersion(range).version]));
  return [{ name: 'newest', dependencies: { ...ranges } }, { name: 'oldest', dependencies: oldest }];
}

module.exports = { peerRanges, profiles };
