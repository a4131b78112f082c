// IPC fuzzing of the session, team, member and statistics channels (tests/support/ipcFuzz.ts).
import { describeIpcFuzzing } from './support/ipcFuzz';

describeIpcFuzzing('session');
