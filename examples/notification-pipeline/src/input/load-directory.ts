import { InputError, readJsonFile } from '@necrostack/example-support';
import { CHANNELS } from '../events';
import type { GatewayFault } from '../services/delivery-gateway.service';
import type { UserContact } from '../services/user-directory.service';

/** The directory file: users' contact details and the simulated providers' faults. */
export interface DirectoryData {
  readonly users: readonly UserContact[];
  readonly faults: readonly GatewayFault[];
}

/** @throws InputError when the file is missing, not JSON, or not shaped like `data/directory.json`. */
export async function loadDirectory(file: string): Promise<DirectoryData> {
  const doc = (await readJsonFile(file)) as { users?: unknown; gateway_faults?: unknown } | null;
  const users = arrayOf<UserContact>(file, doc?.users, 'users');
  const faults = arrayOf<GatewayFault>(file, doc?.gateway_faults ?? [], 'gateway_faults');
  users.forEach((user, i) => {
    if (typeof user?.user_id !== 'string') throw new InputError(file, `users[${i}] needs a string user_id`);
  });
  faults.forEach((fault, i) => {
    const known = (CHANNELS as readonly unknown[]).includes(fault?.channel);
    if (!known || typeof fault.user_id !== 'string' || !Number.isInteger(fault.failures)) {
      throw new InputError(file, `gateway_faults[${i}] needs a channel (${CHANNELS.join(', ')}), a user_id and an integer failures`);
    }
  });
  return { users, faults };
}

/** The array at `key`, typed as what the checks that follow make sure of. */
function arrayOf<T>(file: string, value: unknown, key: string): T[] {
  if (!Array.isArray(value)) throw new InputError(file, `"${key}" must be an array`);
  return value as T[];
}
