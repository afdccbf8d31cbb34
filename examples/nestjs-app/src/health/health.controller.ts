import { NecroStackHealthIndicator } from '@necrostack/nestjs';
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';

/** `GET /health`: 200 while the backend answers and the Spine runs, 503 otherwise (terminus). */
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthCheckService, private readonly necrostack: NecroStackHealthIndicator) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.necrostack.isHealthy()]);
  }
}
