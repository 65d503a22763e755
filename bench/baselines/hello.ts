// Peer baseline (a): bare node:http answering a small, fixed HTML page. The ceiling for
// anything served by Node on this machine with this load generator.
import { createServer } from 'node:http';

const page = Buffer.from(
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Hello</title></head>' +
    '<body><h1>Hello, World!</h1></body></html>',
);

const server = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': page.length, Server: 'node' });
  res.end(page);
});

server.listen(Number(process.env.PORT), '127.0.0.1');
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => server.close());
