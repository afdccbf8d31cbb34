import { ValidationPipe, type INestApplication, type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';

/** The interface the server listens on. */
export const HOST = '127.0.0.1';
export const DEFAULT_PORT = 3000;

/** Options of {@link startApp}. */
export interface StartAppOptions extends Partial<AppConfig> {
  /** 0 picks a free port. Default 3000. */
  readonly port?: number;
  /** Nest's logger option: `false` for none (tests). Default: Nest's console logger. */
  readonly logger?: LoggerService | LogLevel[] | false;
}

/** A started application and where it listens. */
export interface RunningApp {
  readonly app: INestApplication;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
}

/**
 * Builds the Nest application, validates request bodies with class-validator DTOs (unknown
 * properties refused), enables shutdown hooks (SIGTERM stops the Spine gracefully) and listens on
 * 127.0.0.1. The Spine is running once this resolves.
 * @throws Error when the port is taken. (An unreachable Redis does not stop the start: the Spine
 * retries, and `GET /health` answers 503 until Redis is back.)
 */
export async function startApp(options: StartAppOptions = {}): Promise<RunningApp> {
  const { port = DEFAULT_PORT, logger, ...config } = options;
  const app = await NestFactory.create(AppModule.register(new AppConfig(config)), logger === undefined ? {} : { logger });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
  await app.listen(port, HOST);
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://${HOST}:${address.port}` };
}
