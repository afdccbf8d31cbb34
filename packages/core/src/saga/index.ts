export { Saga, SagaStep, type SagaOptions, type SagaStepOptions } from './saga.decorator';
export { SagaInstance } from './saga-instance';
export type { SagaCorrelation, SagaStepMethod } from './saga-metadata';
export {
  sagas, type SagasOptions, DEFAULT_MAX_CONFLICT_RETRIES, DEFAULT_COMPLETED_RETENTION_MS, DEFAULT_SAGA_CACHE_SIZE,
} from './saga-runtime';
export type { SagaStore, StoredSaga } from './saga-store';
