// A client that trickles one request at ~14 B/s (a byte every 70 ms) to a server on loopback,
// and reports after how long it was answered, with what, and how many bytes it had sent.
// Usage: node scripts/slow-client.mjs <port> headers|body   (docs/reliability.md)
import { connect } from 'node:net';

const [port, what] = [Number(process.argv[2]), process.argv[3]];
if (!Number.isInteger(port) || !['headers', 'body'].includes(what)) {
  console.error('usage: node scripts/slow-client.mjs <port> headers|body');
  process.exit(2);
}
const socket = connect(port, '127.0.0.1');
let answer = '';
let answeredAt;
let closed = false;
socket.on('data', (data) => {
  answer += data;
  answeredAt ??= performance.now();
});
socket.on('error', () => undefined);
socket.on('close', () => (closed = true));
await new Promise((resolve) => socket.once('connect', resolve));
const started = performance.now();
const head = 'POST /fit HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n';
// Headers that never end in time, or a 10,000-byte body after complete headers.
const trickled = what === 'headers' ? `${head}${'X-Padding: 0123456789\r\n'.repeat(2000)}\r\n` : ' '.repeat(10_000);
if (what === 'body') socket.write(`${head}Content-Length: 10000\r\n\r\n`);
let sent = 0;
// Bounded: 15 minutes at most.
while (!closed && answer === '' && sent < trickled.length && performance.now() - started < 900_000) {
  socket.write(trickled[sent]);
  sent++;
  await new Promise((resolve) => setTimeout(resolve, 70));
}
const seconds = ((answeredAt ?? performance.now()) - started) / 1000;
console.log(
  JSON.stringify({ what, seconds: Number(seconds.toFixed(2)), sent, status: answer.split('\r\n')[0] || null }),
);
socket.destroy();
