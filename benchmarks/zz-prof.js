require('reflect-metadata');
const { validatePayload, Event } = require('@necrostack/core');
const { IsInt, IsString } = require('class-validator');
class ChainDto {}
IsInt()(ChainDto.prototype, 'n'); IsString()(ChainDto.prototype, 'from');
const N = 1000000;
const payloads = Array.from({ length: 1000 }, (_, i) => new Event('PING', { n: i, from: 'bench' }).payload);
const t = process.hrtime.bigint();
for (let i = 0; i < N; i++) validatePayload(ChainDto, payloads[i % 1000], 'PING');
console.log(Math.round(N / (Number(process.hrtime.bigint() - t) / 1e9)), '/s');
