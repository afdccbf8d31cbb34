import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';

/** The health endpoint; NecroStackHealthIndicator comes from the global NecroStackModule. */
@Module({ imports: [TerminusModule], controllers: [HealthController] })
export class HealthModule {}
