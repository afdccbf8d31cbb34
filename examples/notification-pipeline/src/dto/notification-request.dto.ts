import { ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CHANNELS, PRIORITIES, type Channel, type Priority } from '../events';

export const MAX_MESSAGE_LENGTH = 1000;

/** NOTIFICATION_REQUESTED: one record of the input file, untrusted. */
export class NotificationRequestDto {
  @Matches(/^user_\d{3,}$/, { message: 'user_id must look like user_001' })
  user_id!: string;

  @IsArray()
  @ArrayNotEmpty({ message: 'channels must name at least one channel' })
  @ArrayUnique({ message: 'channels must not repeat a channel' })
  @IsIn(CHANNELS, { each: true, message: `each channel must be one of ${CHANNELS.join(', ')}` })
  channels!: Channel[];

  @IsString()
  @Matches(/\S/, { message: 'message must not be blank' })
  @MaxLength(MAX_MESSAGE_LENGTH)
  message!: string;

  @IsIn(PRIORITIES, { message: `priority must be one of ${PRIORITIES.join(', ')}` })
  priority!: Priority;
}

/** NOTIFICATION_VALIDATED: a request that passed validation, with its id. */
export class ValidatedNotificationDto extends NotificationRequestDto {
  /** The id of the NOTIFICATION_REQUESTED event: it names the notification downstream. */
  @IsUUID()
  notification_id!: string;
}
