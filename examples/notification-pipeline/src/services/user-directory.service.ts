import type { Channel } from '../events';

/** A user's contact details, as the directory file holds them. */
export interface UserContact {
  readonly user_id: string;
  readonly name: string;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly push_token?: string | null;
}

/** What a channel needs from a user's record, for lookups and for messages. */
export const CONTACT_FIELD: Readonly<Record<Channel, { readonly key: 'email' | 'phone' | 'push_token'; readonly label: string }>> = {
  email: { key: 'email', label: 'email address' },
  sms: { key: 'phone', label: 'phone number' },
  push: { key: 'push_token', label: 'push device' },
};

/** Looks users up by id. Read-only; the pipeline registers one instance per run in its container. */
export class UserDirectory {
  private readonly byId: ReadonlyMap<string, UserContact>;

  constructor(users: readonly UserContact[]) {
    this.byId = new Map(users.map((user) => [user.user_id, user]));
  }

  find(userId: string): UserContact | undefined {
    return this.byId.get(userId);
  }

  /** The user's address on `channel`, or undefined when none is on file. */
  addressOf(user: UserContact, channel: Channel): string | undefined {
    const value = user[CONTACT_FIELD[channel].key];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  }
}
