import type { JSX } from 'react';
import { iconProps } from '../Icons';
import type { MessageActionId } from '../../lib/message-actions';

export const MoreIcon = () => (
  <svg {...iconProps}>
    <circle cx="5" cy="12" r="1.4" fill="currentColor" />
    <circle cx="12" cy="12" r="1.4" fill="currentColor" />
    <circle cx="19" cy="12" r="1.4" fill="currentColor" />
  </svg>
);

const CopyIcon = () => (
  <svg {...iconProps}>
    <rect x="9" y="9" width="11" height="11" rx="2" />
    <path d="M5 15V5a1 1 0 0 1 1-1h10" />
  </svg>
);

const TrashIcon = () => (
  <svg {...iconProps}>
    <path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13" />
  </svg>
);

/** One icon per action of lib/message-actions.ts. */
export const ACTION_ICONS: Record<MessageActionId, () => JSX.Element> = {
  copy: CopyIcon,
  delete: TrashIcon,
  adminDelete: TrashIcon,
};
