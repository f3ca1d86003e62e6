import { type Api, signUp, uniqueName } from './clients';

export interface Person {
  api: Api;
  user: { id: string; username: string };
  token: string;
}

/** A public room owned by `owner` with `others` joined. */
export async function roomWith(url: string, others = 1) {
  const owner = await signUp(url);
  const members = [] as Awaited<ReturnType<typeof signUp>>[];
  const room = (await owner.api.post('/api/rooms', { name: uniqueName('r') })).body.conversation;
  for (let i = 0; i < others; i++) {
    const m = await signUp(url);
    const joined = await m.api.post(`/api/rooms/${room.name}/join`);
    if (joined.status !== 200) throw new Error(`join failed: ${joined.status}`);
    members.push(m);
  }
  return { owner, members, room };
}

let n = 0;
/** Sends by REST and returns the stored message. */
export async function say(who: Person, conversationId: string, body: string, extra: Record<string, unknown> = {}) {
  const res = await who.api.post(`/api/conversations/${conversationId}/messages`, { clientMsgId: `say-${Date.now()}-${++n}-${Math.random().toString(36).slice(2, 8)}`, body, ...extra });
  if (res.status !== 201) throw new Error(`send failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.message;
}
