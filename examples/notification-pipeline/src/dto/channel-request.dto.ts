import { IsIn, IsNotEmpty, IsString, IsUUID } from 'class-validator';
import { CHANNELS, PRIORITIES, type Channel, type Priority } from '../events';

/** EMAIL_REQUESTED, SMS_REQUESTED, PUSH_REQUESTED: deliver one notification on one channel. */
export class ChannelRequestDto {
  @IsUUID()
  notification_id!: string;

  @IsString()
  user_id!: string;

  @IsIn(CHANNELS)
  channel!: Channel;

  /** The address from the directory: an email address, a phone number or a device token. Not yet checked. */
  @IsString()
  @IsNotEmpty()
  to!: string;

  @IsString()
  message!: string;

  @IsIn(PRIORITIES)
  priority!: Priority;
}
