// The SMTP sink both mail senders deliver into: smtp-server accepting everything and keeping
// only a count (GET / on the HTTP port answers it), in a process of its own so its work is
// not charged to either sender.
import { createServer } from 'node:http';
import { SMTPServer } from 'smtp-server';

let received = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, done) {
    stream.on('end', () => {
      received += 1;
      done();
    });
    stream.resume();
  },
});
smtp.listen(Number(process.env.SMTP_PORT), '127.0.0.1');
const http = createServer((_req, res) => {
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ received }));
});
http.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => {
  smtp.close(() => undefined);
  http.close(() => process.exit(0));
});
