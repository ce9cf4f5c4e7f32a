import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { announce, serveIpc } from './ipc.ts';

/**
 * Baseline A: a bare socket.io server. Each socket joins the room named in its handshake; every
 * event is acknowledged at once and echoed to the whole room. No auth, validation or storage:
 * the floor under any socket.io command with an acknowledgement and a broadcast.
 */

const httpServer = http.createServer();
const io = new Server(httpServer, { serveClient: false });
io.on('connection', (socket) => {
  const room = String((socket.handshake.auth as { room?: unknown }).room ?? 'room');
  void socket.join(room);
  socket.onAny((event: string, ...args: unknown[]) => {
    const ack = args[args.length - 1];
    if (typeof ack === 'function') (ack as (r: unknown) => void)({ ok: true });
    io.to(room).emit('echo', { event, payload: args[0] });
  });
});

serveIpc();
httpServer.listen(0, '127.0.0.1', () => announce((httpServer.address() as AddressInfo).port));
process.on('SIGTERM', () => {
  io.close();
  process.exit(0);
});
