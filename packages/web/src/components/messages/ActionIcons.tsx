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

const ReplyIcon = () => (
  <svg {...iconProps}>
    <path d="M10 8 5 12l5 4M5 12h9a5 5 0 0 1 5 5v1" />
  </svg>
);
export const ReactIcon = () => (
  <svg {...iconProps}>
    <circle cx="12" cy="12" r="8" />
    <path d="M9 14a4 4 0 0 0 6 0M9.5 10h.01M14.5 10h.01" />
  </svg>
);
const EditIcon = () => (
  <svg {...iconProps}>
    <path d="M4 20h4L19 9l-4-4L4 16v4zM13.5 6.5l4 4" />
  </svg>
);
const ForwardIcon = () => (
  <svg {...iconProps}>
    <path d="M14 8l5 4-5 4M19 12h-9a5 5 0 0 0-5 5v1" />
  </svg>
);
export const PinIcon = () => (
  <svg {...iconProps}>
    <path d="M9 4h6l-1 6 3 3H7l3-3-1-6zM12 13v7" />
  </svg>
);
const UnpinIcon = () => (
  <svg {...iconProps}>
    <path d="M9 4h6l-1 6 3 3H7l3-3-1-6zM12 13v7M4 4l16 16" />
  </svg>
);
const HistoryIcon = () => (
  <svg {...iconProps}>
    <path d="M4 12a8 8 0 1 0 2.3-5.6L4 8.7M4 4v4.7h4.7M12 8v4l3 2" />
  </svg>
);

/** One icon per action of lib/message-actions.ts. */
export const ACTION_ICONS: Record<MessageActionId, () => JSX.Element> = {
  reply: ReplyIcon,
  react: ReactIcon,
  edit: EditIcon,
  forward: ForwardIcon,
  pin: PinIcon,
  unpin: UnpinIcon,
  versions: HistoryIcon,
  copy: CopyIcon,
  delete: TrashIcon,
  adminDelete: TrashIcon,
};
