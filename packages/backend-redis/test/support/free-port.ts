export { freePort } from '@necrostack/redis-servers';
