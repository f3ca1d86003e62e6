import { describe, expect, it } from 'vitest';
import type { BusEvent } from '../src/realtime/bus';
import { signUp, Socket } from './helpers/clients';
import { dialectsUnderTest } from './helpers/databases';
import { serverFor } from './helpers/server';

const dialects = await dialectsUnderTest();

// A node that commits a message and dies before publishing it leaves a hole in what the other
// nodes' sockets hear. A socket that resumed with an up-to-date cursor must fill that hole from the
// database when the next message arrives, not skip it (found by the soak with two nodes behind nginx).
describe.each(dialects)('a message committed but never published, on $name', (dialect) => {
  const server = serverFor(dialect);

  it('reaches a socket that resumed with nothing missed, before the next one', async () => {
    const { url, app } = await server();
    const alice = await signUp(url);
    const bob = await signUp(url);
    const general = (await alice.api.get('/api/conversations')).body.conversations.find((c: any) => c.name === 'general');
    const first = await alice.api.post(`/api/conversations/${general.id}/messages`, { clientMsgId: 'lost-publish-0001', body: 'one' });
    const { socket, welcome } = await Socket.connect(url, bob.token, { [general.id]: first.body.message.seq });
    expect(welcome.missed).toEqual([]);

    const bus = app.ctx.bus;
    const publish = bus.publish.bind(bus);
    let dropped = 0;
    bus.publish = (event: BusEvent) => {
      if (dropped === 0 && 'frame' in event && event.frame?.type === 'message') {
        dropped++;
        return;
      }
      publish(event);
    };
    try {
      const lost = await alice.api.post(`/api/conversations/${general.id}/messages`, { clientMsgId: 'lost-publish-0002', body: 'two, never published' });
      const next = await alice.api.post(`/api/conversations/${general.id}/messages`, { clientMsgId: 'lost-publish-0003', body: 'three' });
      await socket.next((f) => f.type === 'message' && f.message.id === next.body.message.id);
      expect(dropped).toBe(1);
      expect(socket.messages(general.id).map((m) => m.id)).toEqual([lost.body.message.id, next.body.message.id]);
    } finally {
      bus.publish = publish;
      socket.close();
    }
  });
});
