import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { requestLog } from './request-log.ts';

function appLoggingTo(level: string) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = express();
  app.use(requestLog(createLogger(level, sink)));
  app.get('/activate', (_req, res) => {
    res.send('ok');
  });
  app.get('/broken', (_req, res) => {
    res.status(500).send('no');
  });
  return { app, lines };
}

describe('requestLog', () => {
  it('gives every response a request id and logs the path, never the query (tokens travel there)', async () => {
    const { app, lines } = appLoggingTo('info');
    const response = await request(app).get('/activate?token=s3cr3t-token').expect(200);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const line = JSON.parse(lines.join(''));
    expect(line).toMatchObject({ requestId: response.headers['x-request-id'], path: '/activate', status: 200 });
    expect(lines.join('')).not.toContain('s3cr3t-token');
  });

  it('logs only what the level lets through', async () => {
    const { app, lines } = appLoggingTo('warn');
    await request(app).get('/activate').expect(200);
    await request(app).get('/broken').expect(500);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 50, path: '/broken', status: 500 });
  });
});
