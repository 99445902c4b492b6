// The status-bar badge and the commands around the posture it shows (report, copy, quick pick,
// data for tests and other extensions). Set up in activate(): the badge is what activation is for.
export { Badge, type BadgeView } from './badge';
export { postureCommands, type PostureCommands } from './postureCommands';
