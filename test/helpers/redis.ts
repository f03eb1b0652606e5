export { redisServerInstalled, startRedis, type TestRedis } from '../../scripts/lib/redis-server.js';
