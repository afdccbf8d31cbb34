/**
 * The event types of the pipeline, in flow order, and the vocabulary their payloads share.
 * Payload keys are snake_case, as in the original Python NecroStack's wire format.
 */
export const NOTIFICATION_REQUESTED = 'NOTIFICATION_REQUESTED';
export const NOTIFICATION_VALIDATED = 'NOTIFICATION_VALIDATED';
export const EMAIL_REQUESTED = 'EMAIL_REQUESTED';
export const SMS_REQUESTED = 'SMS_REQUESTED';
export const PUSH_REQUESTED = 'PUSH_REQUESTED';
export const NOTIFICATION_SENT = 'NOTIFICATION_SENT';
export const NOTIFICATION_FAILED = 'NOTIFICATION_FAILED';

/** Every event type, in the order the pipeline produces them (used to order the summary). */
export const FLOW_ORDER: readonly string[] = [
  NOTIFICATION_REQUESTED, NOTIFICATION_VALIDATED, EMAIL_REQUESTED, SMS_REQUESTED, PUSH_REQUESTED,
  NOTIFICATION_SENT, NOTIFICATION_FAILED,
];

export const CHANNELS = ['email', 'sms', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The event that asks a channel's organ to deliver. */
export const REQUEST_TYPE_BY_CHANNEL: Readonly<Record<Channel, string>> = {
  email: EMAIL_REQUESTED,
  sms: SMS_REQUESTED,
  push: PUSH_REQUESTED,
};

/** The channel a request event type belongs to, if it is one. */
export function channelOfRequestType(eventType: string): Channel | undefined {
  return CHANNELS.find((channel) => REQUEST_TYPE_BY_CHANNEL[channel] === eventType);
}
