import type { Api } from './clients';

interface Person {
  api: Api;
  user: { id: string; username: string };
}

/** `a` asks, `b` accepts: they are friends and share a direct conversation, whose DTO (b's view) is returned. */
export async function befriend(a: Person, b: Person) {
  const sent = await a.api.post('/api/friend-requests', { username: b.user.username });
  if (sent.status !== 201) throw new Error(`friend request failed: ${sent.status} ${JSON.stringify(sent.body)}`);
  if (sent.body.state === 'friends') return sent.body.conversation;
  const accepted = await b.api.post(`/api/friend-requests/${sent.body.request.id}/accept`);
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return accepted.body.conversation;
}
