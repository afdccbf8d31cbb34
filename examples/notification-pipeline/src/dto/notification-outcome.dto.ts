import { IsIn, IsInt, IsNotEmpty, IsString, IsUUID, Min } from 'class-validator';
import { CHANNELS, type Channel } from '../events';

/** What NOTIFICATION_SENT and NOTIFICATION_FAILED share: which notification, on which channel. */
export class NotificationOutcomeDto {
  @IsUUID()
  notification_id!: string;

  @IsString()
  user_id!: string;

  @IsIn(CHANNELS)
  channel!: Channel;
}

/** NOTIFICATION_SENT: the provider accepted the message. */
export class NotificationSentDto extends NotificationOutcomeDto {
  @IsString()
  @IsNotEmpty()
  receipt_id!: string;

  /** The provider call that succeeded: 1 unless earlier tries failed. */
  @IsInt()
  @Min(1)
  attempt!: number;
}

/** NOTIFICATION_FAILED: the notification cannot be delivered on this channel; retrying will not help. */
export class NotificationFailedDto extends NotificationOutcomeDto {
  @IsString()
  @IsNotEmpty()
  reason!: string;
}
