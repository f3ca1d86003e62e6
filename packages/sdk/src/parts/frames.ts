import type { ServerFrame, ServerFrameOf } from '@natter/protocol';

export type FrameType = ServerFrame['type'];
export type FrameHandler<T extends FrameType> = (frame: ServerFrameOf<T>) => void;

/**
 * Routes each server frame to the parts that registered for its type, in the order they registered.
 * A new frame type gets its handler in the part that owns its domain, not a branch in a shared switch.
 * This is the per-message path: one map lookup and a loop over a short array, nothing allocated.
 */
export class FrameDispatch {
  private readonly handlers = new Map<FrameType, ((frame: ServerFrame) => void)[]>();

  on<T extends FrameType>(type: T, handler: FrameHandler<T>): void {
    let list = this.handlers.get(type);
    if (!list) this.handlers.set(type, (list = []));
    list.push(handler as (frame: ServerFrame) => void);
  }

  dispatch(frame: ServerFrame): void {
    const list = this.handlers.get(frame.type);
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) list[i]!(frame);
  }
}
