import { NecroStackModule } from '@necrostack/nestjs';
import { WorkerMetrics } from '@necrostack/prometheus';
import { Module, type DynamicModule } from '@nestjs/common';
import { BillingModule } from './billing/billing.module';
import { AppConfig, AppConfigModule } from './config/app-config';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { necroStackOptions } from './necrostack-options';
import { NotificationsModule } from './notifications/notifications.module';
import { OrdersModule } from './orders/orders.module';

/** The root module: configuration, NecroStack (options from the configuration), the feature modules. */
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.register(config),
        NecroStackModule.forRootAsync({
          imports: [MetricsModule],
          inject: [AppConfig, WorkerMetrics],
          useFactory: necroStackOptions,
        }),
        OrdersModule,
        BillingModule,
        NotificationsModule,
        HealthModule,
        MetricsModule,
      ],
    };
  }
}
